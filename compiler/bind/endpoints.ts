/**
 * Site addresses → endpoints: the scheme (https when written `https://`, when the site has `tls`, or by
 * automatic HTTPS: a host name or IP without a scheme, with no port or the https port, unless `auto_https off`),
 * the port (from the address, else `http_port` / `https_port`) and the bind hosts (the site's `bind`, else
 * `default_bind`, else all interfaces).
 *
 * Invariant: listener key = `${scheme}/${bindHost}/${port}`; one endpoint per address and bind host.
 */
import type { BoundGlobal, Endpoint, SiteAddress } from './bound.ts';
import { isAutoHttpsHost } from './cert-automation.ts';

/** scheme → bind host → port → key. */
const keys = { http: new Map<string, Map<number, string>>(), https: new Map<string, Map<number, string>>() };

/** One string per listener, however many sites share it (thousands of sites usually share one or two). */
export function listenerKey(scheme: 'http' | 'https', bindHost: string, port: number): string {
  const byHost = keys[scheme];
  let byPort = byHost.get(bindHost);
  if (byPort === undefined) {
    if (byHost.size >= 1000) byHost.clear();
    byPort = new Map();
    byHost.set(bindHost, byPort);
  }
  let key = byPort.get(port);
  if (key === undefined) {
    key = `${scheme}/${bindHost}/${port}`;
    if (byPort.size >= 1000) byPort.clear();
    byPort.set(port, key);
  }
  return key;
}

export function endpointsOf(addresses: readonly SiteAddress[], hasTls: boolean, bind: readonly string[] | null, global: BoundGlobal): Endpoint[] {
  const bindHosts = bind ?? global.defaultBind ?? [''];
  const out: Endpoint[] = [];
  for (const address of addresses) {
    const scheme = address.scheme ?? (hasTls || automaticHttps(address, global) ? 'https' : 'http');
    const port = address.port ?? (scheme === 'https' ? global.httpsPort : global.httpPort);
    for (const bindHost of bindHosts) {
      out.push({ listenerKey: listenerKey(scheme, bindHost, port), scheme, bindHost, port, host: address.host, address });
    }
  }
  return out;
}

/** Automatic HTTPS: a named host without a scheme, on no port or the https port. */
function automaticHttps(address: SiteAddress, global: BoundGlobal): boolean {
  if (global.certificates.autoHttps === 'off' || !isAutoHttpsHost(address.host)) return false;
  return address.port === null || address.port === global.httpsPort;
}
