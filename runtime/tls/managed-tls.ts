/**
 * A listener's managed certificates under one plan: the names it serves from the certificate manager (exact,
 * then `*.parent`), the on-demand policies that cover names not known in advance, and TLS-ALPN-01 answers;
 * plus OCSP stapling for its certificate files (managed certificates are stapled by the manager).
 * Built at provision time, released when the plan retires (the manager keeps certificates another plan holds).
 *
 * Invariant: select() never waits; onDemand() is the only path that may order a certificate during a
 * handshake, and only for a name an on-demand policy of this listener covers.
 */
import type { SecureContext, SecureContextOptions, TLSSocket } from 'node:tls';
import { readFile } from 'node:fs/promises';
import type { CertificatePlan, FileCertificatePlan } from '../plan/plan.ts';
import { ACME_TLS_ALPN } from './challenge/challenge-store.ts';
import type { CertificateManager, ManagedPlan } from './certificate-manager.ts';
import type { ManagedCertificate } from './managed-certificate.ts';

const WITH_ACME_TLS = new WeakMap<Buffer, Buffer>();

export class ManagedTls {
  private readonly manager: CertificateManager;
  private readonly held: ManagedCertificate[];
  private readonly exact = new Map<string, ManagedCertificate>();
  private readonly wildcard = new Map<string, ManagedCertificate>();
  /** On-demand policies: exact names, `*.parent` patterns, and catch-all (no names). */
  private readonly onDemandExact = new Map<string, ManagedPlan>();
  private readonly onDemandWildcard = new Map<string, ManagedPlan>();
  private onDemandAny: ManagedPlan | null = null;
  /** OCSP tracking keys of this listener's certificate files. */
  private stapled: (string | null)[] = [];
  private released = false;

  private constructor(manager: CertificateManager, plans: readonly ManagedPlan[], files: readonly FileCertificatePlan[]) {
    this.manager = manager;
    this.held = [];
    if (files.length > 0) void this.stapleFiles(files);
    for (const plan of plans) {
      const certs = manager.acquire(plan);
      if (plan.onDemand !== null) {
        if (plan.names.length === 0) this.onDemandAny ??= plan;
        for (const name of plan.names) {
          if (name.startsWith('*.')) setOnce(this.onDemandWildcard, name.slice(2), plan);
          else setOnce(this.onDemandExact, name, plan);
        }
        continue;
      }
      this.held.push(...certs);
      for (const cert of certs) {
        if (cert.name.startsWith('*.')) setOnce(this.wildcard, cert.name.slice(2), cert);
        else setOnce(this.exact, cert.name, cert);
      }
    }
  }

  /** Null when the listener has no certificates. */
  static acquire(manager: CertificateManager, certificates: readonly CertificatePlan[]): ManagedTls | null {
    if (certificates.length === 0) return null;
    const plans = certificates.filter((c): c is ManagedPlan => c.kind !== 'files');
    const files = certificates.filter((c): c is FileCertificatePlan => c.kind === 'files');
    return new ManagedTls(manager, plans, files);
  }

  /** The context for a managed name that has a certificate now, or null. */
  select(name: string, options: SecureContextOptions): SecureContext | null {
    return this.certificateFor(name)?.contextFor(options) ?? null;
  }

  /** Whether a managed certificate for `name` is being served. */
  hasCertificate(name: string): boolean {
    return (this.certificateFor(name)?.pair ?? null) !== null;
  }

  private certificateFor(name: string): ManagedCertificate | undefined {
    const cert = this.exact.get(name);
    if (cert !== undefined) return cert;
    const dot = name.indexOf('.');
    return dot > 0 ? this.wildcard.get(name.slice(dot + 1)) : undefined;
  }

  /** Whether an on-demand policy covers `name` (then onDemand() may obtain one). */
  coversOnDemand(name: string): ManagedPlan | null {
    const exact = this.onDemandExact.get(name);
    if (exact !== undefined) return exact;
    const dot = name.indexOf('.');
    const wild = dot > 0 ? this.onDemandWildcard.get(name.slice(dot + 1)) : undefined;
    return wild ?? this.onDemandAny;
  }

  /** A context for `name` obtained on demand (ask endpoint + rate limit), or null when refused or failed. */
  async onDemand(name: string, options: SecureContextOptions): Promise<SecureContext | null> {
    const plan = this.coversOnDemand(name);
    if (plan === null || !isPlausibleName(name)) return null;
    const cert = await this.manager.onDemand(plan, name);
    return cert?.contextFor(options) ?? null;
  }

  /**
   * The TLS-ALPN-01 answer for this handshake: when a validation is pending for the name and the client offered
   * `acme-tls/1` (known at SNI time under TLS 1.3, where ALPN is chosen first), or when the name has no
   * certificate yet (under TLS 1.2, ALPN is chosen after the certificate). A validation this process did not
   * start (another instance sharing the storage ordered the certificate) is looked up in storage: a promise.
   */
  alpnChallenge(socket: TLSSocket | undefined, name: string): SecureContext | Promise<SecureContext | null> | null {
    const offered = negotiatedAlpn(socket);
    const context = this.manager.challenges.alpnContext(name);
    if (context === undefined) return offered === ACME_TLS_ALPN && this.managesAny() ? this.manager.alpnChallengeFromStorage(name) : null;
    if (offered === ACME_TLS_ALPN) return context;
    if (offered === null && (this.certificateFor(name)?.pair ?? null) === null) return context;
    return null;
  }

  /**
   * The ALPN list (wire format) with `acme-tls/1` appended on listeners with managed certificates (another
   * instance sharing the storage may be the one validating) or while this process has a validation pending.
   * Browsers never offer `acme-tls/1`, so they never select it.
   */
  alpnProtocols(wire: Buffer): Buffer {
    if (!this.managesAny() && !this.manager.challenges.pendingAlpn) return wire;
    let extended = WITH_ACME_TLS.get(wire);
    if (extended === undefined) {
      extended = Buffer.concat([wire, Buffer.from([ACME_TLS_ALPN.length]), Buffer.from(ACME_TLS_ALPN)]);
      WITH_ACME_TLS.set(wire, extended);
    }
    return extended;
  }

  private managesAny(): boolean {
    return this.held.length > 0 || this.onDemandAny !== null || this.onDemandExact.size > 0 || this.onDemandWildcard.size > 0;
  }

  release(): void {
    this.released = true;
    this.manager.release(this.held);
    for (const key of this.stapled) this.manager.stapler.untrack(key);
    this.stapled = [];
  }

  /** Starts OCSP stapling for certificate files that name a responder (read again here: cheap, and only once per plan). */
  private async stapleFiles(files: readonly FileCertificatePlan[]): Promise<void> {
    const pems = await Promise.all(files.map((f) => readFile(f.certFile, 'utf8').catch(() => null)));
    if (this.released) return;
    for (const pem of pems) if (pem !== null) this.stapled.push(this.manager.stapler.track(pem));
  }
}

/** The protocol OpenSSL selected so far (TLS 1.3 selects ALPN before the certificate callback), or null. */
function negotiatedAlpn(socket: TLSSocket | undefined): string | null {
  const handle = (socket as unknown as { _handle?: { getALPNNegotiatedProtocol?: () => string | false } } | undefined)?._handle;
  const selected = handle?.getALPNNegotiatedProtocol?.();
  return typeof selected === 'string' ? selected : null;
}

/** A DNS name worth asking about: letters, digits, hyphens, dots; no IP addresses, no single labels. */
function isPlausibleName(name: string): boolean {
  return name.length <= 253 && name.includes('.') && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name) && !/^[\d.]+$/.test(name);
}

function setOnce<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key)) map.set(key, value);
}
