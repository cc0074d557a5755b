/**
 * A listener's handshake policies: each site's `tls { }` settings with the defaults filled in, deduplicated; the
 * policy of each certificate; the default site for handshakes without SNI (or naming no site); and the TLS
 * identities used for the 421 misdirected-request check.
 *
 * Invariant: `policies` holds at least one policy and every index points into it; sites with equal settings
 * share a policy; two sites share an identity exactly when they share their certificate files (by content) and policy.
 */
import { isIP } from 'node:net';
import type { HostTable, ListenerTlsPlan, TlsPolicyPlan } from '../../runtime/plan/plan.ts';
import type { BoundGlobal, BoundSite } from '../bind/bound.ts';
import { DEFAULT_CIPHERS } from '../directives/tls-ciphers.ts';

export type ListenerTlsPolicy = Omit<ListenerTlsPlan, 'certificates'>;

const DEFAULT_ALPN: TlsPolicyPlan['alpn'] = ['h2', 'http/1.1'];

/**
 * `sites` is parallel to the listener's sites; `siteCertificates` gives the certificate indices of each site that
 * has any; `certificateCount` is the listener's number of certificates.
 */
export function listenerTlsPolicy(
  sites: readonly BoundSite[],
  siteCertificates: ReadonlyMap<BoundSite, readonly number[]>,
  certificateCount: number,
  hosts: HostTable,
  global: BoundGlobal,
): ListenerTlsPolicy {
  const policies: TlsPolicyPlan[] = [];
  const policyKeys = new Map<string, number>();
  const sitePolicies = sites.map((site) => {
    const policy = policyOf(site);
    const key = JSON.stringify(policy);
    let index = policyKeys.get(key);
    if (index === undefined) {
      index = policies.length;
      policies.push(policy);
      policyKeys.set(key, index);
    }
    return index;
  });
  if (policies.length === 0) policies.push(policyOf(null));
  const certificatePolicies = new Array<number>(certificateCount).fill(0);
  sites.forEach((site, i) => {
    for (const cert of siteCertificates.get(site) ?? []) certificatePolicies[cert] = sitePolicies[i];
  });
  const defaultSite = defaultSiteOf(sites, siteCertificates, hosts, global.defaultSni);
  const defaultCertificates = defaultSite === null ? [] : (siteCertificates.get(sites[defaultSite]) ?? []);
  return {
    defaultCertificate: defaultCertificates.length > 0 ? defaultCertificates[0] : certificateCount > 0 ? 0 : null,
    policies,
    sitePolicies,
    certificatePolicies,
    defaultPolicy: defaultSite === null ? 0 : (sitePolicies[defaultSite] ?? 0),
    unknownSni: global.unknownSni,
    sniIdentities: identities(sites, sitePolicies),
  };
}

function policyOf(site: BoundSite | null): TlsPolicyPlan {
  const p = site?.tlsPolicy ?? null;
  return {
    minVersion: p?.minVersion ?? 'TLSv1.2',
    maxVersion: p?.maxVersion ?? 'TLSv1.3',
    ciphers: p?.ciphers ?? DEFAULT_CIPHERS,
    alpn: p?.alpn ?? DEFAULT_ALPN,
    clientAuth: p?.clientAuth ?? null,
  };
}

/** `default_sni`'s site, else the first site with an IP address (clients connecting by IP send no SNI), else the first with a certificate. */
function defaultSiteOf(sites: readonly BoundSite[], certs: ReadonlyMap<BoundSite, readonly number[]>, hosts: HostTable, defaultSni: string | null): number | null {
  if (defaultSni !== null) {
    const named = lookup(hosts, defaultSni);
    if (named !== null) return named;
  }
  const byIp = sites.findIndex((site) => site.addresses.some((a) => a.host !== null && isIP(a.host) !== 0));
  if (byIp !== -1) return byIp;
  const withCert = sites.findIndex((site) => (certs.get(site)?.length ?? 0) > 0);
  return withCert === -1 ? (sites.length > 0 ? 0 : null) : withCert;
}

function lookup(hosts: HostTable, name: string): number | null {
  if (Object.hasOwn(hosts.exact, name)) return hosts.exact[name];
  const dot = name.indexOf('.');
  if (dot > 0 && Object.hasOwn(hosts.wildcard, name.slice(dot + 1))) return hosts.wildcard[name.slice(dot + 1)];
  return null;
}

/** Per site: an identity number (equal certificates and policy ⇔ equal number), -1 for `allow_sni_mismatch`; null when the check could never fire. */
function identities(sites: readonly BoundSite[], sitePolicies: readonly number[]): number[] | null {
  const keys = new Map<string, number>();
  const out = sites.map((site, i) => {
    // Never for a site with client_auth: a connection made for another site never met its certificate rules.
    if (site.tlsPolicy?.allowSniMismatch === true && site.tlsPolicy.clientAuth === null) return -1;
    // Certificate files are compared by content (two sites may name the same files); a managed certificate, or
    // none (served by the default), makes a site an identity of its own.
    const key = site.tls?.kind === 'files' ? `${site.tls.fingerprint}/${sitePolicies[i]}` : `site ${i}`;
    let id = keys.get(key);
    if (id === undefined) {
      id = keys.size;
      keys.set(key, id);
    }
    return id;
  });
  return keys.size <= 1 ? null : out;
}
