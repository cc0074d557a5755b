/**
 * A listener's TLS material for one plan: certificates read from disk and turned into secure contexts at
 * provision time, SNI selection (exact name, then `*.parent`, then the default; none → refuse the
 * handshake), and the handshake policies (tls-policies.ts) each context is made with. Swapped in place on reload.
 *
 * Invariant: a context is made for a certificate and a policy together (the policy brings the client CAs and
 * CRLs OpenSSL verifies against after the SNI switch); contexts are made once and cached.
 */
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { CertificatePlan, FileCertificatePlan, HostTable, ListenerTlsPlan } from '../plan/plan.ts';
import type { ManagedTls } from '../tls/managed-tls.ts';
import { HandshakePolicies } from './tls-policies.ts';

export class TlsState {
  readonly plan: ListenerTlsPlan;
  readonly policies: HandshakePolicies;
  private readonly material: readonly (KeyPair | null)[];
  private readonly exact: ReadonlyMap<string, number>;
  private readonly wildcard: ReadonlyMap<string, number>;
  /** `${certificate}/${policy}` → context; certificate -1 = none (no default certificate). */
  private readonly contexts = new Map<string, SecureContext>();
  /** Managed certificates (ACME, local CA, on demand) served on this listener; null when there are none. */
  readonly managed: ManagedTls | null;

  private constructor(plan: ListenerTlsPlan, policies: HandshakePolicies, material: readonly (KeyPair | null)[], managed: ManagedTls | null) {
    this.plan = plan;
    this.managed = managed;
    this.policies = policies;
    this.material = material;
    const exact = new Map<string, number>();
    const wildcard = new Map<string, number>();
    plan.certificates.forEach((cert, i) => {
      if (material[i] === null) return;
      for (const raw of cert.names) {
        const name = raw.toLowerCase();
        if (name.startsWith('*.')) {
          if (!wildcard.has(name.slice(2))) wildcard.set(name.slice(2), i);
        } else if (!exact.has(name)) {
          exact.set(name, i);
        }
      }
    });
    this.exact = exact;
    this.wildcard = wildcard;
  }

  /** Reads every certificate, key, CA bundle and CRL; rejects with a message naming the file and the site it serves. */
  static async load(plan: ListenerTlsPlan, hosts: HostTable, managed: ManagedTls | null = null): Promise<TlsState> {
    const [material, policies] = await Promise.all([Promise.all(plan.certificates.map(readKeyPair)), HandshakePolicies.load(plan, hosts)]);
    const state = new TlsState(plan, policies, material, managed);
    // Every certificate under its own policy, and each policy's shared context: errors show up now, not at a handshake.
    plan.certificates.forEach((_, i) => state.context(i, plan.certificatePolicies[i] ?? plan.defaultPolicy));
    policies.list.forEach((_, p) => state.sharedContext(p));
    return state;
  }

  /** The context for an SNI name, or null to refuse the handshake. */
  select(servername: string): SecureContext | null {
    let name = servername.toLowerCase();
    if (name.endsWith('.')) name = name.slice(0, -1);
    const site = this.policies.siteOf(name);
    if (site === -1 && this.policies.rejectUnknown) return null;
    const policy = this.policies.indexFor(name);
    let cert = this.exact.get(name);
    if (cert === undefined) {
      const dot = name.indexOf('.');
      if (dot > 0) cert = this.wildcard.get(name.slice(dot + 1));
    }
    if (cert === undefined && this.managed !== null) {
      const context = this.managed.select(name, this.policies.list[policy].contextOptions);
      if (context !== null) return context;
    }
    cert ??= this.defaultCertificate() ?? undefined;
    return cert === undefined ? null : this.context(cert, policy);
  }

  /**
   * For a name no certificate serves yet but an on-demand policy covers: the certificate obtained now (ask
   * endpoint and rate limit permitting), or null. Returns null at once (no promise) when no policy covers it.
   */
  onDemand(servername: string): Promise<SecureContext | null> | null {
    if (this.managed === null) return null;
    const name = servername.toLowerCase().replace(/\.$/, '');
    if (this.managed.coversOnDemand(name) === null || this.managed.hasCertificate(name) || this.exact.has(name)) return null;
    const dot = name.indexOf('.');
    if (dot > 0 && this.wildcard.has(name.slice(dot + 1))) return null;
    return this.managed.onDemand(name, this.policies.list[this.policies.indexFor(name)].contextOptions);
  }

  /**
   * The context a connection under policy `policy` starts with (Node's server context): the default certificate,
   * used as is when the client sends no SNI. Without a default certificate such handshakes are refused.
   */
  sharedContext(policy: number): SecureContext {
    return this.context(this.defaultCertificate() ?? -1, policy);
  }

  private defaultCertificate(): number | null {
    const def = this.plan.defaultCertificate;
    return def !== null && this.material[def] !== null ? def : null;
  }

  private context(cert: number, policy: number): SecureContext {
    const key = `${cert}/${policy}`;
    let context = this.contexts.get(key);
    if (context === undefined) {
      const pair = cert === -1 ? null : this.material[cert];
      try {
        context = createSecureContext({ ...this.policies.list[policy].contextOptions, ...(pair === null ? {} : { cert: pair.cert, key: pair.key }) });
      } catch (err) {
        const what = cert === -1 ? 'TLS settings' : describe(this.plan.certificates[cert] as FileCertificatePlan);
        throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      }
      this.contexts.set(key, context);
    }
    return context;
  }
}

interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Certificate files are read here; managed certificates have no files (null: served by the certificate manager). */
async function readKeyPair(cert: CertificatePlan): Promise<KeyPair | null> {
  if (cert.kind !== 'files') return null;
  try {
    const [certPem, keyPem] = await Promise.all([readFile(cert.certFile), readFile(cert.keyFile)]);
    return { cert: certPem, key: keyPem };
  } catch (err) {
    throw new Error(`${describe(cert)}: ${(err as Error).message}`, { cause: err });
  }
}

function describe(cert: FileCertificatePlan): string {
  return `certificate for ${cert.names.join(', ')} (${cert.origin}; ${cert.certFile}, ${cert.keyFile})`;
}
