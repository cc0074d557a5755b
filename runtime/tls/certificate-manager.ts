/**
 * The certificate manager: one per Server, outliving plans. It owns the managed certificates (keyed by storage,
 * issuer and name), the issuers and storages they use, the challenge answers, on-demand gates and OCSP
 * stapling. Plans acquire the certificates they name when provisioned and release them when retired, so a
 * reload that keeps a name keeps its certificate (and never orders it again).
 *
 * Invariant: at most one ManagedCertificate per (storage, issuer, name); it is closed when no plan holds it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.ts';
import type { AcmeCertificatePlan, InternalCertificatePlan, OnDemandPlan } from '../plan/plan.ts';
import { ChallengeStore, HTTP_CHALLENGE_PREFIX } from './challenge/challenge-store.ts';
import { acmeIssuerKey } from './issuer/issuer-key.ts';
import type { Issuer } from './issuer/issuer.ts';
import { LazyIssuer } from './issuer/lazy-issuer.ts';
import { ManagedCertificate } from './managed-certificate.ts';
import { OcspStapler } from './ocsp/ocsp-stapler.ts';
import { OnDemandGate } from './on-demand-gate.ts';
import { defaultStorageDir } from './storage/default-dir.ts';
import { FileStorage } from './storage/file-storage.ts';
import { safeSegment } from './storage/storage.ts';
import { TlsMetrics } from './tls-metrics.ts';

export type ManagedPlan = AcmeCertificatePlan | InternalCertificatePlan;

interface Held {
  readonly cert: ManagedCertificate;
  refs: number;
  readonly ocspKey: () => string | null;
}

/** How long a handshake waits for an on-demand certificate before failing (the order carries on). */
const ON_DEMAND_WAIT_MS = 90_000;

export class CertificateManager {
  readonly challenges = new ChallengeStore();
  readonly stapler: OcspStapler;
  private readonly logger: Logger;
  private readonly storages = new Map<string, FileStorage>();
  private readonly issuers = new Map<string, Issuer>();
  private readonly held = new Map<string, Held>();
  private readonly keys = new WeakMap<ManagedCertificate, string>();
  private readonly gates = new Map<string, OnDemandGate>();
  private readonly pendingOnDemand = new Map<string, Promise<ManagedCertificate | null>>();
  private readonly metrics: TlsMetrics;
  private readonly abort = new AbortController();

  constructor(logger: Logger, metrics: Metrics) {
    this.logger = logger;
    this.stapler = new OcspStapler(logger);
    this.metrics = new TlsMetrics(metrics, () => [...this.held.values()].map((h) => h.cert));
  }

  /** Starts (or shares) the certificates a plan names; on-demand plans start none (see onDemand()). */
  acquire(plan: ManagedPlan): ManagedCertificate[] {
    // Known storages answer challenges other instances sharing them present, even before this one orders anything.
    this.storageOf(plan);
    if (plan.onDemand !== null) return [];
    return plan.names.map((name) => this.hold(plan, name));
  }

  release(certs: readonly ManagedCertificate[]): void {
    for (const cert of certs) {
      const key = this.keyOf(cert);
      const held = this.held.get(key);
      if (held === undefined || --held.refs > 0) continue;
      this.held.delete(key);
      this.stapler.untrack(held.ocspKey());
      cert.close();
    }
  }

  /**
   * A certificate for `name` under an on-demand plan: from memory or storage at once, else ordered after the
   * ask endpoint and the rate limit allow it. Resolves null when refused or when ordering fails.
   */
  onDemand(plan: ManagedPlan, name: string): Promise<ManagedCertificate | null> {
    const key = `${this.storageOf(plan).id}|${this.issuerOf(plan).key}|${name}`;
    const held = this.held.get(key);
    if (held !== undefined && held.cert.pair !== null) return Promise.resolve(held.cert);
    let pending = this.pendingOnDemand.get(key);
    if (pending === undefined) {
      pending = this.obtainOnDemand(plan, name).finally(() => this.pendingOnDemand.delete(key));
      this.pendingOnDemand.set(key, pending);
    }
    return pending;
  }

  /** The local CA's root certificate (PEM) in a storage folder (null = default), created if needed. */
  async localCaRoot(dir: string | null): Promise<string> {
    const { InternalIssuer } = await import('./issuer/internal-issuer.ts');
    return new InternalIssuer(this.storage(dir), 0).rootPem(this.abort.signal);
  }

  /**
   * Answers an HTTP-01 challenge request. False: not a challenge path, route it as usual. True: this took the
   * request: answered from memory, or (a token another instance sharing a storage presented) looked up in the
   * storages, calling `otherwise` when it is not there.
   */
  answerHttpChallenge(req: IncomingMessage, res: ServerResponse, otherwise: () => void): boolean {
    const path = req.url ?? '';
    if (!path.startsWith(HTTP_CHALLENGE_PREFIX)) return false;
    const answer = this.challenges.httpAnswer(path);
    if (answer !== undefined) {
      sendChallengeAnswer(res, answer);
      return true;
    }
    const token = path.slice(HTTP_CHALLENGE_PREFIX.length);
    if (this.storages.size === 0 || !/^[A-Za-z0-9_-]+$/.test(token)) return false;
    void Promise.all([...this.storages.values()].map((s) => s.load(`challenges/http/${token}`).catch(() => null))).then((found) => {
      const stored = found.find((f) => f !== null);
      if (stored === undefined || stored === null) otherwise();
      else sendChallengeAnswer(res, stored.toString('utf8'));
    });
    return true;
  }

  /**
   * A TLS-ALPN-01 answer another instance sharing a storage presented (it ordered the certificate; this one
   * received the validation), or null.
   */
  async alpnChallengeFromStorage(name: string): Promise<SecureContext | null> {
    for (const storage of this.storages.values()) {
      const stored = await storage.load(`challenges/alpn/${safeSegment(name)}`).catch(() => null);
      if (stored === null) continue;
      const { keyAuthorization } = JSON.parse(stored.toString('utf8')) as { keyAuthorization: string };
      const acme = await import('acme-client');
      const authz = { identifier: { type: 'dns', value: name } } as Parameters<typeof acme.crypto.createAlpnCertificate>[0];
      const [key, cert] = await acme.crypto.createAlpnCertificate(authz, keyAuthorization);
      return createSecureContext({ key, cert });
    }
    return null;
  }

  async close(): Promise<void> {
    this.abort.abort();
    for (const held of this.held.values()) held.cert.close();
    this.held.clear();
    this.stapler.close();
    await Promise.all([...this.storages.values()].map((s) => s.close()));
  }

  private async obtainOnDemand(plan: ManagedPlan, name: string): Promise<ManagedCertificate | null> {
    const issuer = this.issuerOf(plan);
    const storage = this.storageOf(plan);
    const stored = await storage.load(`certificates/${issuer.key}/${safeSegment(name)}/bundle.json`).catch(() => null);
    if (stored === null) {
      const gate = this.gateOf(plan.onDemand!);
      const answer = await gate.check(name, this.abort.signal);
      if (!answer.ok) {
        this.logger.info({ name, reason: answer.reason }, 'on-demand certificate refused');
        return null;
      }
    }
    const cert = this.hold(plan, name);
    try {
      await withTimeout(cert.ready(1), ON_DEMAND_WAIT_MS);
      return cert;
    } catch (err) {
      this.logger.warn({ name, err: (err as Error).message }, 'on-demand certificate failed');
      // Keep nothing for a name we could not get: the next handshake asks (and is rate-limited) again.
      if (cert.pair === null) this.release([cert]);
      return null;
    }
  }

  private hold(plan: ManagedPlan, name: string): ManagedCertificate {
    const issuer = this.issuerOf(plan);
    const storage = this.storageOf(plan);
    const key = `${storage.id}|${issuer.key}|${name}`;
    const existing = this.held.get(key);
    if (existing !== undefined) {
      existing.refs++;
      return existing.cert;
    }
    // OCSP tracking key of the certificate being served (each renewal staples the new one, forgets the old).
    let ocspKey: string | null = null;
    const cert = new ManagedCertificate(name, issuer, {
      storage,
      logger: this.logger,
      renewWhenLeft: plan.renewWhenLeft,
      onInstalled: (c) => {
        const previous = ocspKey;
        ocspKey = this.stapler.track(c.pair!.certPem);
        this.stapler.untrack(previous);
      },
      onRenewalFailure: (c) => this.metrics.renewalFailed(c),
    });
    this.held.set(key, { cert, refs: 1, ocspKey: () => ocspKey });
    this.keys.set(cert, key);
    void cert.start();
    return cert;
  }

  private keyOf(cert: ManagedCertificate): string {
    return this.keys.get(cert) ?? '';
  }

  private storageOf(plan: ManagedPlan): FileStorage {
    return this.storage(plan.storage.dir);
  }

  private storage(dir: string | null): FileStorage {
    const root = dir ?? defaultStorageDir();
    let storage = this.storages.get(root);
    if (storage === undefined) {
      storage = new FileStorage(root);
      this.storages.set(root, storage);
    }
    return storage;
  }

  private issuerOf(plan: ManagedPlan): Issuer {
    const storage = this.storageOf(plan);
    const id = plan.kind === 'acme' ? `${storage.id}|${acmeIssuerKey(plan.issuer)}|${JSON.stringify(plan.issuer)}` : `${storage.id}|local|${plan.lifetimeMs}`;
    let issuer = this.issuers.get(id);
    if (issuer === undefined) {
      issuer = new LazyIssuer(
        plan.kind === 'acme'
          ? { kind: 'acme', plan: plan.issuer, storage, challenges: this.challenges }
          : { kind: 'internal', storage, lifetimeMs: plan.lifetimeMs },
      );
      this.issuers.set(id, issuer);
    }
    return issuer;
  }

  private gateOf(plan: OnDemandPlan): OnDemandGate {
    const id = JSON.stringify(plan);
    let gate = this.gates.get(id);
    if (gate === undefined) {
      gate = new OnDemandGate(plan);
      this.gates.set(id, gate);
    }
    return gate;
  }
}

function sendChallengeAnswer(res: ServerResponse, answer: string): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(answer) });
  res.end(answer);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no certificate after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
