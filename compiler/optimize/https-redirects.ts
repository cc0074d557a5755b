/**
 * Automatic HTTP → HTTPS redirects: for every HTTPS site address with a host (a name, a wildcard or an IP), a
 * site on the HTTP port answers `http://host/…` with 308 to `https://host[:port]/…`, unless the Rwsfile has its
 * own plain-HTTP site for that host on that port and interface, or `auto_https off|disable_redirects`.
 *
 * Invariant: generated sites come after the user's, hold one route with a `redir` handler and no matchers, and
 * never claim a host a user's HTTP site claims on the same listener. An HTTPS address on port 0 (a port chosen
 * at start) gets no redirect: its port is unknown when the plan is made.
 */
import type { RoutePlan, Template } from '../../runtime/plan/plan.ts';
import type { BoundGlobal, BoundSite, Endpoint, SiteAddress } from '../bind/bound.ts';
import { listenerKey } from '../bind/endpoints.ts';
import type { SiteRoutes } from './listeners.ts';

export interface RedirectSites {
  readonly sites: readonly BoundSite[];
  /** Parallel to `sites`. */
  readonly routes: readonly SiteRoutes[];
}

const NONE: RedirectSites = { sites: [], routes: [] };

export function httpsRedirects(sites: readonly BoundSite[], global: BoundGlobal): RedirectSites {
  if (global.certificates.autoHttps !== 'on') return NONE;
  const taken = new Set<string>();
  for (const site of sites) {
    for (const e of site.endpoints) if (e.scheme === 'http' && e.host !== null) taken.add(claim(e.bindHost, e.port, e.host));
  }
  const out: BoundSite[] = [];
  const routes: SiteRoutes[] = [];
  for (const site of sites) {
    // One redirect site per HTTPS port of this site: its target names that port.
    const byPort = new Map<number, Endpoint[]>();
    for (const e of site.endpoints) {
      if (e.scheme !== 'https' || e.host === null || e.port === 0) continue;
      const key = claim(e.bindHost, global.httpPort, e.host);
      if (taken.has(key)) continue;
      taken.add(key);
      const list = byPort.get(e.port) ?? [];
      list.push({ ...e, scheme: 'http', port: global.httpPort, listenerKey: listenerKey('http', e.bindHost, global.httpPort), address: httpAddress(e.address, e.host, global.httpPort) });
      byPort.set(e.port, list);
    }
    for (const [httpsPort, endpoints] of byPort) {
      const addresses = [...new Set(endpoints.map((e) => e.address))];
      const route: RoutePlan = { match: [], group: null, handlers: [{ kind: 'redir', to: target(httpsPort), status: 308 }], origin: site.origin };
      out.push({
        ...site,
        name: `${addresses.map((a) => a.text).join(', ')} (redirect to https)`,
        addresses,
        endpoints,
        routes: [route],
        errorRoutes: null,
        tls: null,
        tlsPolicy: null,
        accessLog: null,
      });
      routes.push({ routes: [route], errorRoutes: null });
    }
  }
  return out.length === 0 ? NONE : { sites: out, routes };
}

function claim(bindHost: string, port: number, host: string): string {
  return `${bindHost} ${port} ${host}`;
}

const addressCache = new WeakMap<SiteAddress, SiteAddress>();

function httpAddress(address: SiteAddress, host: string, port: number): SiteAddress {
  let http = addressCache.get(address);
  if (http === undefined || http.port !== port) {
    const shown = host.includes(':') ? `[${host}]` : host;
    http = { text: `http://${shown}${port === 80 ? '' : `:${port}`}`, span: address.span, scheme: 'http', host, port };
    addressCache.set(address, http);
  }
  return http;
}

function target(httpsPort: number): Template {
  const host: Template = ['https://', { ph: 'request', field: 'host' }];
  return [...host, ...(httpsPort === 443 ? [] : [`:${httpsPort}`]), { ph: 'request', field: 'uri' }];
}
