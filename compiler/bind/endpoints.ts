/**
 * Site addresses → endpoints: the scheme (https when written `https://` or the site has `tls`), the port (from
 * the address, else `http_port` / `https_port`) and the bind hosts (the site's `bind`, else `default_bind`,
 * else all interfaces).
 *
 * Invariant: listener key = `${scheme}/${bindHost}/${port}`; one endpoint per address and bind host.
 */
import type { BoundGlobal, Endpoint, SiteAddress } from './bound.ts';

const keys = new Map<string, string>();

/** One string per listener, however many sites share it (thousands of sites usually share one or two). */
export function listenerKey(scheme: 'http' | 'https', bindHost: string, port: number): string {
  const lookup = `${scheme}/${port}/${bindHost}`;
  let key = keys.get(lookup);
  if (key === undefined) {
    key = [scheme, bindHost, port].join('/');
    if (keys.size >= 1000) keys.clear();
    keys.set(lookup, key);
  }
  return key;
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
