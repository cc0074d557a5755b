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
  readonly siteIndex: Map<BoundSite, number>;
  readonly exact: Map<string, number>;
  readonly wildcard: Map<string, number>;
  catchAll: number | null;
  readonly certNames: Map<BoundSite, string[]>;
}

export type SiteRoutes = (site: BoundSite) => { readonly routes: readonly RoutePlan[]; readonly errorRoutes: readonly RoutePlan[] | null };

export function buildListeners(sites: readonly BoundSite[], routesOf: SiteRoutes): ListenerPlan[] {
  const drafts = new Map<string, ListenerDraft>();
  const planCache = new Map<string, SitePlan>();
  for (const site of sites) {
    const { routes, errorRoutes } = routesOf(site);
    for (const endpoint of site.endpoints) {
      let draft = drafts.get(endpoint.listenerKey);
      if (draft === undefined) {
        draft = {
          key: endpoint.listenerKey,
          bind: { host: endpoint.bindHost, port: endpoint.port },
          scheme: endpoint.scheme,
          sites: [],
          siteIndex: new Map(),
          exact: new Map(),
          wildcard: new Map(),
          catchAll: null,
          certNames: new Map(),
        };
        drafts.set(endpoint.listenerKey, draft);
      }
      let index = draft.siteIndex.get(site);
      if (index === undefined) {
        const planKey = `${site.origin}|${endpoint.scheme}|${site.name}`;
        let plan = planCache.get(planKey);
        if (plan === undefined) {
          plan = { name: site.name, origin: site.origin, scheme: endpoint.scheme, routes, errorRoutes, accessLog: site.accessLog };
          planCache.set(planKey, plan);
        }
        index = draft.sites.length;
        draft.sites.push(plan);
        draft.siteIndex.set(site, index);
      }
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
