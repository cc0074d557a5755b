/**
 * One managed certificate: one name from one issuer, kept in storage, served while valid, renewed in the
 * background. Obtaining and renewing run under the storage lock `issue-<issuer>-<name>`, and re-read storage
 * once the lock is held, so instances sharing a storage order a certificate once and pick up each other's
 * renewals.
 *
 * Invariant: `pair` only ever moves to a newer certificate; a failed renewal keeps the current one serving and
 * retries with back-off (renewal-time.ts) until it succeeds or close() is called.
 */
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { Logger } from 'pino';
import { type CertificateFacts, certificateFacts } from './certificate-facts.ts';
import type { IssuedCertificate, Issuer, SuggestedWindow } from './issuer/issuer.ts';
import { renewalTime, retryDelay, timerDelay } from './renewal/renewal-time.ts';
import { type CertificateStorage, safeSegment } from './storage/storage.ts';

export interface ManagedEnv {
  readonly storage: CertificateStorage;
  readonly logger: Logger;
  readonly renewWhenLeft: number;
  /** A new certificate was installed (OCSP stapling, metrics). */
  onInstalled(cert: ManagedCertificate): void;
  onRenewalFailure(cert: ManagedCertificate): void;
}

export interface InstalledPair {
  readonly certPem: string;
  readonly keyPem: string;
  readonly facts: CertificateFacts;
}

export class ManagedCertificate {
  readonly name: string;
  readonly issuer: Issuer;
  private readonly env: ManagedEnv;
  private current: InstalledPair | null = null;
  private version = 0;
  private readonly contexts = new WeakMap<object, { version: number; context: SecureContext }>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private lastError: Error | null = null;

  constructor(name: string, issuer: Issuer, env: ManagedEnv) {
    this.name = name;
    this.issuer = issuer;
    this.env = env;
  }

  get pair(): InstalledPair | null {
    return this.current;
  }

  get renewalFailures(): number {
    return this.failures;
  }

  /** The context for this certificate with a listener's options (cached per options object and certificate). */
  contextFor(options: SecureContextOptions): SecureContext | null {
    const pair = this.current;
    if (pair === null) return null;
    const cached = this.contexts.get(options);
    if (cached !== undefined && cached.version === this.version) return cached.context;
    const context = createSecureContext({ ...options, cert: pair.certPem, key: pair.keyPem });
    this.contexts.set(options, { version: this.version, context });
    return context;
  }

  /** Loads what storage holds (served at once), then obtains or schedules renewal in the background. */
  async start(): Promise<void> {
    try {
      const stored = await this.loadStored();
      if (stored !== null) this.install(stored, 'storage');
    } catch (err) {
      this.env.logger.warn({ name: this.name, issuer: this.issuer.key, err }, 'stored certificate unreadable: ordering a new one');
    }
    void this.schedule();
  }

  /** Resolves once a certificate is installed; rejects with the last error if obtaining fails `attempts` times. */
  ready(attempts = 1): Promise<void> {
    if (this.current !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const startFailures = this.failures;
      const check = (): void => {
        if (this.current !== null) return resolve();
        if (this.failures - startFailures >= attempts) return reject(this.lastError ?? new Error(`no certificate for ${this.name}`));
        this.waiters.push(check);
      };
      check();
    });
  }

  close(): void {
    this.abort.abort();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** When to renew `pair`: inside the CA's suggested window if it offers ARI, else at the configured lifetime fraction. */
  private async dueAt(pair: InstalledPair): Promise<number> {
    let window: SuggestedWindow | null = null;
    try {
      window = await this.issuer.suggestedWindow(pair.certPem, this.abort.signal);
    } catch (err) {
      this.env.logger.debug({ name: this.name, err: (err as Error).message }, 'no renewal information from the CA');
    }
    return renewalTime(pair.facts, this.env.renewWhenLeft, window);
  }

  private async schedule(): Promise<void> {
    if (this.abort.signal.aborted) return;
    const pair = this.current;
    const at = pair === null ? Date.now() : await this.dueAt(pair);
    if (this.abort.signal.aborted) return;
    this.arm(at);
  }

  private arm(at: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    const delay = timerDelay(at, Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (Date.now() + 5 < at) void this.schedule();
      else void this.renew();
    }, delay);
    this.timer.unref();
  }

  private renew(): Promise<void> {
    this.running ??= this.renewOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async renewOnce(): Promise<void> {
    const lock = `issue-${this.issuer.key}-${safeSegment(this.name)}`;
    const signal = this.abort.signal;
    try {
      await this.env.storage.lock(lock, signal);
      try {
        // Another instance sharing the storage may have renewed it while we waited for the lock.
        const stored = await this.loadStored();
        if (stored !== null && !(await this.isDue(stored))) {
          if (this.current === null || stored.facts.notAfter > this.current.facts.notAfter) this.install(stored, 'storage');
        } else {
          const started = Date.now();
          const issued = await this.issuer.issue(this.name, signal);
          const pair = toPair(issued);
          await this.store(issued);
          this.install(pair, 'issued');
          this.env.logger.info({ name: this.name, issuer: this.issuer.key, ms: Date.now() - started, notAfter: new Date(pair.facts.notAfter).toISOString() }, 'certificate obtained');
        }
      } finally {
        await this.env.storage.unlock(lock);
      }
      this.failures = 0;
      this.lastError = null;
      await this.schedule();
    } catch (err) {
      if (signal.aborted) return;
      this.failures++;
      this.lastError = err as Error;
      this.env.onRenewalFailure(this);
      const now = Date.now();
      const pair = this.current;
      const delay = retryDelay(this.failures, pair?.facts ?? null, now);
      const leftMs = pair === null ? null : pair.facts.notAfter - now;
      const details = { name: this.name, issuer: this.issuer.key, err: (err as Error).message, failures: this.failures, retryInMs: delay, leftMs };
      if (leftMs === null) this.env.logger.warn(details, 'obtaining a certificate failed');
      else if (leftMs > 0) this.env.logger.warn(details, 'renewing a certificate failed: still serving the current one');
      else this.env.logger.error(details, 'renewing a certificate failed: the current one has expired');
      this.wake();
      this.arm(now + delay);
    }
  }

  private async isDue(pair: InstalledPair): Promise<boolean> {
    return (await this.dueAt(pair)) <= Date.now() || pair.facts.notAfter <= Date.now();
  }

  private install(pair: InstalledPair, source: 'storage' | 'issued'): void {
    this.current = pair;
    this.version++;
    this.env.logger.debug({ name: this.name, source }, 'certificate installed');
    this.env.onInstalled(this);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private keyOf(file: string): string {
    return `certificates/${this.issuer.key}/${safeSegment(this.name)}/${file}`;
  }

  private async loadStored(): Promise<InstalledPair | null> {
    const raw = await this.env.storage.load(this.keyOf('bundle.json'));
    if (raw === null) return null;
    const parsed = JSON.parse(raw.toString('utf8')) as Partial<IssuedCertificate>;
    if (typeof parsed.certPem !== 'string' || typeof parsed.keyPem !== 'string') return null;
    const pair = toPair({ certPem: parsed.certPem, keyPem: parsed.keyPem });
    return pair.facts.notAfter > Date.now() ? pair : null;
  }

  private async store(issued: IssuedCertificate): Promise<void> {
    // The bundle is the source of truth (one atomic write); the PEM files are for people and other tools.
    await this.env.storage.store(this.keyOf('bundle.json'), JSON.stringify({ ...issued, name: this.name, issuer: this.issuer.key }, null, 2));
    await this.env.storage.store(this.keyOf(`${safeSegment(this.name)}.crt`), issued.certPem);
    await this.env.storage.store(this.keyOf(`${safeSegment(this.name)}.key`), issued.keyPem);
  }
}

function toPair(issued: IssuedCertificate): InstalledPair {
  return { certPem: issued.certPem, keyPem: issued.keyPem, facts: certificateFacts(issued.certPem) };
}
