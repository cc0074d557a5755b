/**
 * OCSP stapling: for every certificate in use that names an OCSP responder, a response fetched in the
 * background, cached, and refreshed at half its validity (retried with back-off on failure). The handshake only
 * reads the cache (`staple`): it never waits for the responder.
 *
 * Invariant: a stapled response is `good`, about this certificate, and not past its nextUpdate; certificates are
 * tracked with a reference count and forgotten (timer cleared) at zero.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Logger } from 'pino';
import { type CertificateFacts, certificateFacts } from '../certificate-facts.ts';

interface Entry {
  readonly facts: CertificateFacts;
  readonly url: string;
  refs: number;
  response: Buffer | null;
  /** Stop stapling after this (the response's nextUpdate). */
  validUntil: number;
  failures: number;
  timer: NodeJS.Timeout | null;
}

export class OcspStapler {
  private readonly entries = new Map<string, Entry>();
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  /** Start stapling for this chain (if its leaf names a responder and the chain has its issuer). Returns the key for untrack(). */
  track(chainPem: string): string | null {
    let facts: CertificateFacts;
    try {
      facts = certificateFacts(chainPem);
    } catch {
      return null;
    }
    if (facts.ocspUrl === null || facts.issuer === null || !facts.ocspUrl.startsWith('http://')) return null;
    const key = fingerprint(facts.leaf.raw);
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.refs++;
      return key;
    }
    const entry: Entry = { facts, url: facts.ocspUrl, refs: 1, response: null, validUntil: 0, failures: 0, timer: null };
    this.entries.set(key, entry);
    void this.refresh(key, entry);
    return key;
  }

  untrack(key: string | null): void {
    if (key === null) return;
    const entry = this.entries.get(key);
    if (entry === undefined || --entry.refs > 0) return;
    if (entry.timer !== null) clearTimeout(entry.timer);
    this.entries.delete(key);
  }

  /** The cached response for a certificate (DER, as the OCSPRequest event gives it), or null. */
  staple(certificateDer: Buffer): Buffer | null {
    if (this.entries.size === 0) return null;
    const entry = this.entries.get(fingerprint(certificateDer));
    if (entry === undefined || entry.response === null || Date.now() >= entry.validUntil) return null;
    return entry.response;
  }

  close(): void {
    for (const entry of this.entries.values()) if (entry.timer !== null) clearTimeout(entry.timer);
    this.entries.clear();
  }

  private async refresh(key: string, entry: Entry): Promise<void> {
    let next: number;
    try {
      // Loaded on first use: the ASN.1 modules are only needed when some certificate names a responder.
      const { ocspRequestDer, readOcspResponse } = await import('./ocsp-request.ts');
      const der = await post(entry.url, ocspRequestDer(entry.facts.leaf, entry.facts.issuer!));
      const answer = readOcspResponse(der, entry.facts.leaf);
      if (answer.status !== 'good') throw new Error(`certificate status ${answer.status}`);
      const until = answer.nextUpdate ?? answer.thisUpdate + 2 * 3600_000;
      entry.response = der;
      entry.validUntil = until;
      entry.failures = 0;
      next = answer.thisUpdate + Math.max(60_000, (until - answer.thisUpdate) / 2);
      this.logger.debug({ url: entry.url, nextUpdate: new Date(until).toISOString() }, 'OCSP response cached');
    } catch (err) {
      entry.failures++;
      next = Date.now() + Math.min(3600_000, 30_000 * 2 ** (entry.failures - 1));
      this.logger.warn({ url: entry.url, err: (err as Error).message, failures: entry.failures }, 'OCSP fetch failed');
    }
    if (this.entries.get(key) !== entry) return;
    entry.timer = setTimeout(() => void this.refresh(key, entry), Math.min(Math.max(1000, next - Date.now()), 24 * 3600_000));
    entry.timer.unref();
  }
}

function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function post(url: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', timeout: 10_000, headers: { 'content-type': 'application/ocsp-request', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ((res.statusCode ?? 0) === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`OCSP responder answered ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('OCSP responder timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
