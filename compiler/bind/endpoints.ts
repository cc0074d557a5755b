/**
 * Site addresses → endpoints: the scheme (https when written `https://` or the site has `tls`), the port (from
 * the address, else `http_port` / `https_port`) and the bind hosts (the site's `bind`, else `default_bind`,
 * else all interfaces).
 *
 * Invariant: listener key = `${scheme}/${bindHost}/${port}`; one endpoint per address and bind host.
 */
import type { BoundGlobal, Endpoint, SiteAddress } from './bound.ts';

export function listenerKey(scheme: 'http' | 'https', bindHost: string, port: number): string {
  return `${scheme}/${bindHost}/${port}`;
}

export function endpointsOf(addresses: readonly SiteAddress[], hasTls: boolean, bind: readonly string[] | null, global: BoundGlobal): Endpoint[] {
  const bindHosts = bind ?? global.defaultBind ?? [''];
  const out: Endpoint[] = [];
  for (const address of addresses) {
    const scheme = address.scheme ?? (hasTls ? 'https' : 'http');
    const port = address.port ?? (scheme === 'https' ? global.httpsPort : global.httpPort);
    for (const bindHost of bindHosts) {
      out.push({ listenerKey: listenerKey(scheme, bindHost, port), scheme, bindHost, port, host: address.host, address });
    }
  }
  return out;
}
