/**
 * Listeners: endpoints grouped by listener key, each with its sites, host table and TLS settings.
 *
 * Invariant: listeners and their sites keep source order; a host maps to the first site that claims it (the
 * checker reports the others); the default certificate is the first one.
 */
import type { CertificatePlan, HostTable, ListenerPlan, RoutePlan, SitePlan } from '../../runtime/plan/plan.ts';
import type { BoundSite } from '../bind/bound.ts';

interface ListenerDraft {
  readonly key: string;
  readonly bind: { readonly host: string; readonly port: number };
  readonly scheme: 'http' | 'https';
  readonly sites: SitePlan[];
  /** The site added last and its index: a site's endpoints come one after another, so no per-site map is needed. */
  lastSite: BoundSite | null;
  lastIndex: number;
  readonly exact: Map<string, number>;
  readonly wildcard: Map<string, number>;
  catchAll: number | null;
  readonly certNames: Map<BoundSite, string[]>;
}

export interface SiteRoutes {
  readonly routes: readonly RoutePlan[];
  readonly errorRoutes: readonly RoutePlan[] | null;
}

/** `routes[i]` holds the (optimised) routes of `sites[i]`. */
export function buildListeners(sites: readonly BoundSite[], routes: readonly SiteRoutes[]): ListenerPlan[] {
  const drafts = new Map<string, ListenerDraft>();
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i];
    // One SitePlan per site and scheme, shared by every listener the site is on.
    let httpPlan: SitePlan | null = null;
    let httpsPlan: SitePlan | null = null;
    for (const endpoint of site.endpoints) {
      let draft = drafts.get(endpoint.listenerKey);
      if (draft === undefined) {
        draft = {
          key: endpoint.listenerKey,
          bind: { host: endpoint.bindHost, port: endpoint.port },
          scheme: endpoint.scheme,
          sites: [],
          lastSite: null,
          lastIndex: -1,
          exact: new Map(),
          wildcard: new Map(),
          catchAll: null,
          certNames: new Map(),
        };
        drafts.set(endpoint.listenerKey, draft);
      }
      if (draft.lastSite !== site) {
        let plan: SitePlan | null = endpoint.scheme === 'https' ? httpsPlan : httpPlan;
        if (plan === null) {
          plan = { name: site.name, origin: site.origin, scheme: endpoint.scheme, routes: routes[i].routes, errorRoutes: routes[i].errorRoutes, accessLog: site.accessLog };
          if (endpoint.scheme === 'https') httpsPlan = plan;
          else httpPlan = plan;
        }
        draft.lastSite = site;
        draft.lastIndex = draft.sites.length;
        draft.sites.push(plan);
      }
      const index = draft.lastIndex;
      const host = endpoint.host;
      if (host === null) draft.catchAll ??= index;
      else if (host.startsWith('*.')) setOnce(draft.wildcard, host.slice(2), index);
      else setOnce(draft.exact, host, index);
      if (endpoint.scheme === 'https' && site.tls !== null) {
        const names = draft.certNames.get(site) ?? [];
        if (host !== null && !names.includes(host)) names.push(host);
        draft.certNames.set(site, names);
      }
    }
  }
  return [...drafts.values()].map(finish);
}

function finish(draft: ListenerDraft): ListenerPlan {
  const hosts: HostTable = {
    exact: Object.fromEntries(draft.exact),
    wildcard: Object.fromEntries(draft.wildcard),
    catchAll: draft.catchAll,
  };
  let tls: ListenerPlan['tls'] = null;
  if (draft.scheme === 'https') {
    const certificates: CertificatePlan[] = [];
    let minVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.2';
    for (const [site, names] of draft.certNames) {
      const t = site.tls!;
      certificates.push({ names, certFile: t.certFile, keyFile: t.keyFile, fingerprint: t.fingerprint, origin: t.origin });
      if (site.tlsMinVersion === 'TLSv1.3') minVersion = 'TLSv1.3';
    }
    tls = { certificates, defaultCertificate: certificates.length > 0 ? 0 : null, alpn: ['h2', 'http/1.1'], minVersion };
  }
  return { key: draft.key, bind: draft.bind, tls, hosts, sites: draft.sites };
}

function setOnce(map: Map<string, number>, key: string, value: number): void {
  if (!map.has(key)) map.set(key, value);
}
