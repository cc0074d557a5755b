/**
 * Automatic HTTPS: which site addresses become https with a managed certificate, which issuer each name gets,
 * and the certificate plans built from the global certificate settings and a site's `tls` directive.
 *
 * Invariant: a name goes to rws's local CA when `local_certs` or `tls internal` says so, or when no public CA
 * could validate it (localhost, `.localhost`, `.local`, `.internal`, `.home.arpa`, IP addresses); every other
 * name goes to ACME.
 */
import { isIP } from 'node:net';
import type { AcmeCertificatePlan, DnsHookPlan, InternalCertificatePlan, OnDemandPlan } from '../../runtime/plan/plan.ts';

export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';
/** Renew when a third of the lifetime is left (Let's Encrypt's 90 days: at 60 days). */
export const DEFAULT_RENEW_WHEN_LEFT = 1 / 3;
/** Lifetime of local-CA leaf certificates (renewed at a third left, like any other). */
export const INTERNAL_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** The global certificate settings (`email`, `acme_ca`, `on_demand_tls`, `storage`, `auto_https`…). */
export interface CertAutomation {
  readonly email: string | null;
  readonly acmeCa: string;
  readonly acmeCaRoot: string | null;
  readonly eab: { readonly keyId: string; readonly macKey: string } | null;
  readonly dns: DnsHookPlan | null;
  readonly onDemand: OnDemandPlan | null;
  readonly storageDir: string | null;
  /** `off`: no automatic https at all; `disable_redirects`: https, but no automatic http→https redirect sites. */
  readonly autoHttps: 'on' | 'off' | 'disable_redirects';
  readonly localCerts: boolean;
  readonly renewWhenLeft: number;
}

export const DEFAULT_CERT_AUTOMATION: CertAutomation = {
  email: null,
  acmeCa: LETS_ENCRYPT_DIRECTORY,
  acmeCaRoot: null,
  eab: null,
  dns: null,
  onDemand: null,
  storageDir: null,
  autoHttps: 'on',
  localCerts: false,
  renewWhenLeft: DEFAULT_RENEW_WHEN_LEFT,
};

/** What `tls` without certificate files asks for (`tls internal`, `tls <email>`, `tls { issuer … dns … on_demand }`). */
export interface ManagedTlsRequest {
  readonly issuer: 'acme' | 'internal' | null;
  readonly email: string | null;
  /** Site-level ACME directory (`tls { ca <url> }`); null = the global one. */
  readonly ca: string | null;
  readonly dns: DnsHookPlan | null;
  readonly onDemand: boolean;
  /** `tls { challenges … }`: the challenge types allowed, in order of preference; null = all that can work. */
  readonly challenges: readonly ('http-01' | 'tls-alpn-01' | 'dns-01')[] | null;
}

export const AUTOMATIC_TLS: ManagedTlsRequest = { issuer: null, email: null, ca: null, dns: null, onDemand: false, challenges: null };

/** A managed certificate source for a site, without names: the optimizer adds the names each listener serves. */
export interface ManagedSource {
  readonly kind: 'managed';
  readonly forced: 'acme' | 'internal' | null;
  readonly acme: Omit<AcmeCertificatePlan, 'names'>;
  readonly internal: Omit<InternalCertificatePlan, 'names'>;
}

/** A host that automatic HTTPS applies to: a name (or an IP) — not a catch-all. */
export function isAutoHttpsHost(host: string | null): host is string {
  return host !== null && host !== '';
}

/** Names no public CA can validate: these get certificates from rws's local CA. */
export function isLocalName(host: string): boolean {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || !name.includes('.')) return true;
  return ['.localhost', '.local', '.internal', '.home.arpa'].some((suffix) => name.endsWith(suffix));
}

/** Which issuer serves `host` for a site. */
export function issuerFor(host: string, source: ManagedSource, automation: CertAutomation): 'acme' | 'internal' {
  if (source.forced !== null) return source.forced;
  if (automation.localCerts) return 'internal';
  return isLocalName(host) ? 'internal' : 'acme';
}

export function managedSource(request: ManagedTlsRequest, automation: CertAutomation, origin: string): ManagedSource {
  const onDemand = request.onDemand ? (automation.onDemand ?? { ask: null, intervalMs: 60_000, burst: 10 }) : null;
  const common = { onDemand, storage: { kind: 'file', dir: automation.storageDir } as const, renewWhenLeft: automation.renewWhenLeft, origin };
  const dns = request.dns ?? automation.dns;
  // On demand, the handshake's own listener answers TLS-ALPN-01 for sure (a catch-all site may have no HTTP listener).
  const preferred: AcmeCertificatePlan['issuer']['challenges'] = request.onDemand ? ['tls-alpn-01', 'http-01'] : ['http-01', 'tls-alpn-01'];
  const challenges = request.challenges ?? (dns === null ? preferred : [...preferred, 'dns-01']);
  return {
    kind: 'managed',
    forced: request.issuer,
    acme: {
      kind: 'acme',
      ...common,
      issuer: {
        directory: request.ca ?? automation.acmeCa,
        email: request.email ?? automation.email,
        caRootFile: automation.acmeCaRoot,
        eab: automation.eab,
        challenges,
        dns,
      },
    },
    internal: { kind: 'internal', ...common, lifetimeMs: INTERNAL_LIFETIME_MS },
  };
}
