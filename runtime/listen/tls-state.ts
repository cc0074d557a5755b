/**
 * A listener's TLS material for one plan: certificates read from disk and turned into secure contexts at
 * provision time, SNI selection (exact name, then `*.parent`, then the default; none → refuse the
 * handshake), ALPN list and protocol floor. Swapped in place on reload.
 */
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { CertificatePlan, ListenerTlsPlan } from '../plan/plan.ts';

/**
 * Our cipher choice: ECDHE key exchange with AEAD ciphers only (Mozilla "intermediate"). Node's default TLS 1.2
 * list also accepts CCM8 and ARIA suites. The TLS 1.3 suites are all AEAD and stay enabled.
 */
export const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export class TlsState {
  readonly plan: ListenerTlsPlan;
  /** ALPN protocol list in wire format (length-prefixed names), server preference order. */
  readonly alpnWire: Buffer;
  /** Options for the server's own context: used when the client sends no SNI. No cert = refuse. */
  readonly serverContextOptions: SecureContextOptions;
  private readonly exact: ReadonlyMap<string, SecureContext>;
  private readonly wildcard: ReadonlyMap<string, SecureContext>;
  private readonly fallback: SecureContext | null;

  private constructor(plan: ListenerTlsPlan, contexts: readonly SecureContext[], material: readonly KeyPair[]) {
    this.plan = plan;
    this.alpnWire = alpnWire(plan.alpn);
    const exact = new Map<string, SecureContext>();
    const wildcard = new Map<string, SecureContext>();
    plan.certificates.forEach((cert, i) => {
      for (const raw of cert.names) {
        const name = raw.toLowerCase();
        if (name.startsWith('*.')) {
          if (!wildcard.has(name.slice(2))) wildcard.set(name.slice(2), contexts[i]);
        } else if (!exact.has(name)) {
          exact.set(name, contexts[i]);
        }
      }
    });
    this.exact = exact;
    this.wildcard = wildcard;
    const def = plan.defaultCertificate;
    this.fallback = def === null ? null : contexts[def];
    this.serverContextOptions = {
      ...baseOptions(plan),
      ...(def === null ? {} : { cert: material[def].cert, key: material[def].key }),
    };
  }

  /** Reads every certificate and key; rejects with a message naming the file and the site it serves. */
  static async load(plan: ListenerTlsPlan): Promise<TlsState> {
    const material = await Promise.all(plan.certificates.map(readKeyPair));
    const contexts = material.map((pair, i) => {
      try {
        return createSecureContext({ ...baseOptions(plan), cert: pair.cert, key: pair.key });
      } catch (err) {
        throw new Error(`${describe(plan.certificates[i])}: ${(err as Error).message}`, { cause: err });
      }
    });
    return new TlsState(plan, contexts, material);
  }

  /** The context for an SNI name, or null to refuse the handshake. */
  select(servername: string): SecureContext | null {
    let name = servername.toLowerCase();
    if (name.endsWith('.')) name = name.slice(0, -1);
    const exact = this.exact.get(name);
    if (exact !== undefined) return exact;
    const dot = name.indexOf('.');
    if (dot > 0) {
      const wild = this.wildcard.get(name.slice(dot + 1));
      if (wild !== undefined) return wild;
    }
    return this.fallback;
  }
}

interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

async function readKeyPair(cert: CertificatePlan): Promise<KeyPair> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(cert.certFile), readFile(cert.keyFile)]);
    return { cert: certPem, key: keyPem };
  } catch (err) {
    throw new Error(`${describe(cert)}: ${(err as Error).message}`, { cause: err });
  }
}

function describe(cert: CertificatePlan): string {
  return `certificate for ${cert.names.join(', ')} (${cert.origin}; ${cert.certFile}, ${cert.keyFile})`;
}

function baseOptions(plan: ListenerTlsPlan): SecureContextOptions {
  return { minVersion: plan.minVersion, ciphers: CIPHERS, honorCipherOrder: true };
}

function alpnWire(protocols: readonly string[]): Buffer {
  return Buffer.concat(protocols.map((p) => Buffer.concat([Buffer.from([Buffer.byteLength(p)]), Buffer.from(p)])));
}
