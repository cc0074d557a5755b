/**
 * rws's local CA: a root and an intermediate (ECDSA P-256), created once in storage under a lock, and
 * short-lived leaf certificates signed by the intermediate for localhost, `.local`, `.internal`, IPs and
 * anything under `tls internal` / `local_certs`. `rws ca print` shows the root to install in trust stores.
 *
 * Invariant: the root and intermediate are created at most once per storage (lock `local-ca`); a leaf's chain
 * is leaf + intermediate; leaves are valid from one minute ago (clock skew) for the configured lifetime.
 */
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { isIP } from 'node:net';
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CertificateStorage } from '../storage/storage.ts';
import type { IssuedCertificate, Issuer, SuggestedWindow } from './issuer.ts';
import { LOCAL_ISSUER_KEY } from './issuer-key.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

export const LOCAL_CA_ROOT_KEY = 'ca/local/root.crt';
const FILES = { rootCert: LOCAL_CA_ROOT_KEY, rootKey: 'ca/local/root.key', interCert: 'ca/local/intermediate.crt', interKey: 'ca/local/intermediate.key' } as const;

interface Authority {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly certPem: string;
}

export class InternalIssuer implements Issuer {
  readonly key = LOCAL_ISSUER_KEY;
  private readonly storage: CertificateStorage;
  private readonly lifetimeMs: number;
  private authority: Promise<Authority> | null = null;

  constructor(storage: CertificateStorage, lifetimeMs: number) {
    this.storage = storage;
    this.lifetimeMs = lifetimeMs;
  }

  async issue(name: string, signal: AbortSignal): Promise<IssuedCertificate> {
    const ca = await this.intermediate(signal);
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const now = Date.now();
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${name.replace(/[,+="\\<>;]/g, '')}`,
      issuer: ca.cert.subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + this.lifetimeMs),
      publicKey: keys.publicKey,
      signingKey: ca.key,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([isIP(name) === 0 ? { type: 'dns', value: name } : { type: 'ip', value: name }]),
        await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
      ],
    });
    return { certPem: `${leaf.toString('pem')}\n${ca.certPem}\n`, keyPem: await privateKeyPem(keys.privateKey) };
  }

  /** The local CA offers no renewal information: leaves renew at the lifetime fraction. */
  async suggestedWindow(): Promise<SuggestedWindow | null> {
    return null;
  }

  /** The root certificate's PEM, creating the CA if needed. */
  async rootPem(signal: AbortSignal = new AbortController().signal): Promise<string> {
    await this.intermediate(signal);
    const pem = await this.storage.load(FILES.rootCert);
    if (pem === null) throw new Error('the local CA root vanished from storage');
    return pem.toString('utf8');
  }

  private intermediate(signal: AbortSignal): Promise<Authority> {
    this.authority ??= this.loadOrCreate(signal);
    const pending = this.authority;
    pending.catch(() => {
      if (this.authority === pending) this.authority = null;
    });
    return pending;
  }

  private async loadOrCreate(signal: AbortSignal): Promise<Authority> {
    const existing = await this.load();
    if (existing !== null) return existing;
    await this.storage.lock('local-ca', signal);
    try {
      return (await this.load()) ?? (await this.create());
    } finally {
      await this.storage.unlock('local-ca');
    }
  }

  private async load(): Promise<Authority | null> {
    const [certPem, keyPem] = await Promise.all([this.storage.load(FILES.interCert), this.storage.load(FILES.interKey)]);
    if (certPem === null || keyPem === null) return null;
    const key = await importPrivateKey(keyPem.toString('utf8'));
    return { cert: new x509.X509Certificate(certPem.toString('utf8')), key, certPem: certPem.toString('utf8').trim() };
  }

  private async create(): Promise<Authority> {
    const now = Date.now();
    const rootKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: 'CN=rws Local Root CA,O=rws',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 3650 * DAY),
      keys: rootKeys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    const interKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const inter = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: 'CN=rws Local Intermediate CA,O=rws',
      issuer: root.subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 3650 * DAY),
      publicKey: interKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(interKeys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    await this.storage.store(FILES.rootKey, await privateKeyPem(rootKeys.privateKey));
    await this.storage.store(FILES.rootCert, root.toString('pem'));
    await this.storage.store(FILES.interKey, await privateKeyPem(interKeys.privateKey));
    await this.storage.store(FILES.interCert, inter.toString('pem'));
    return { cert: inter, key: interKeys.privateKey, certPem: inter.toString('pem') };
  }
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}
