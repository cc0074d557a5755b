/**
 * Listeners: endpoints grouped by listener key, each with its sites, host table and TLS settings.
 *
 * Invariant: listeners and their sites keep source order; a host maps to the first site that claims it (the
 * checker reports the others); the default certificate is the first one.
 */
import type { CertificatePlan, HostTable, ListenerPlan, RoutePlan, SitePlan } from '../../runtime/plan/plan.ts';
import type { BoundGlobal, BoundSite, TlsSetting } from '../bind/bound.ts';
import { issuerFor } from '../bind/cert-automation.ts';
import { withHsts } from './hsts.ts';
import { listenerTlsPolicy } from './tls-policies.ts';

interface ListenerDraft {
  readonly key: string;
  readonly bind: { readonly host: string; readonly port: number };
  readonly scheme: 'http' | 'https';
  readonly sites: SitePlan[];
  /** Parallel to `sites`: the bound site behind each. */
  readonly boundSites: BoundSite[];
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
export function buildListeners(sites: readonly BoundSite[], routes: readonly SiteRoutes[], global: BoundGlobal): ListenerPlan[] {
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
          boundSites: [],
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
          const siteRoutes = endpoint.scheme === 'https' ? withHsts(routes[i].routes, site) : routes[i].routes;
          plan = { name: site.name, origin: site.origin, scheme: endpoint.scheme, routes: siteRoutes, errorRoutes: routes[i].errorRoutes, accessLog: site.accessLog };
          if (endpoint.scheme === 'https') httpsPlan = plan;
          else httpPlan = plan;
        }
        draft.lastSite = site;
        draft.lastIndex = draft.sites.length;
        draft.sites.push(plan);
        draft.boundSites.push(site);
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
  return [...drafts.values()].map((draft) => finish(draft, global));
}

function finish(draft: ListenerDraft, global: BoundGlobal): ListenerPlan {
  const hosts: HostTable = {
    exact: Object.fromEntries(draft.exact),
    wildcard: Object.fromEntries(draft.wildcard),
    catchAll: draft.catchAll,
  };
  let tls: ListenerPlan['tls'] = null;
  if (draft.scheme === 'https') {
    const certificates: CertificatePlan[] = [];
    const siteCertificates = new Map<BoundSite, number[]>();
    for (const [site, names] of draft.certNames) {
      const first = certificates.length;
      certificates.push(...certificatesOf(site.tls!, names, global));
      siteCertificates.set(site, Array.from({ length: certificates.length - first }, (_, k) => first + k));
    }
    tls = { certificates, ...listenerTlsPolicy(draft.boundSites, siteCertificates, certificates.length, hosts, global) };
  }
  return { key: draft.key, bind: draft.bind, tls, hosts, sites: draft.sites };
}

/** A site's certificate plans on one listener: its files, or one managed plan per issuer its names need. */
function certificatesOf(tls: TlsSetting, names: readonly string[], global: BoundGlobal): CertificatePlan[] {
  if (tls.kind === 'files') {
    return [{ kind: 'files', names, certFile: tls.certFile, keyFile: tls.keyFile, fingerprint: tls.fingerprint, origin: tls.origin }];
  }
  const acme = names.filter((name) => issuerFor(name, tls, global.certificates) === 'acme');
  const internal = names.filter((name) => issuerFor(name, tls, global.certificates) === 'internal');
  const out: CertificatePlan[] = [];
  // An on-demand catch-all site has no names: its certificates are all decided at handshake time.
  const onDemandOnly = names.length === 0 && tls.acme.onDemand !== null;
  if (acme.length > 0 || (onDemandOnly && tls.forced !== 'internal' && !global.certificates.localCerts)) out.push({ ...tls.acme, names: acme });
  if (internal.length > 0 || (onDemandOnly && out.length === 0)) out.push({ ...tls.internal, names: internal });
  return out;
}

function setOnce(map: Map<string, number>, key: string, value: number): void {
  if (!map.has(key)) map.set(key, value);
}
