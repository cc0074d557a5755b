/**
 * The ACME account of one CA directory (and EAB key id): its key and URL, created once and kept in storage, so
 * every certificate, process and reload uses the same account.
 *
 * Invariant: created under the storage lock `account-<issuer key>`: instances sharing a storage register one
 * account, not one each.
 */
import * as acme from 'acme-client';
import type { AcmeIssuerPlan } from '../../plan/plan.ts';
import type { CertificateStorage } from '../storage/storage.ts';

export interface AcmeAccount {
  readonly keyPem: string;
  readonly url: string;
}

export async function loadOrCreateAccount(
  storage: CertificateStorage,
  issuerKey: string,
  plan: AcmeIssuerPlan,
  signal: AbortSignal,
): Promise<AcmeAccount> {
  const key = `acme/${issuerKey}/account.json`;
  const stored = await readAccount(storage, key);
  if (stored !== null) return stored;
  const lock = `account-${issuerKey}`;
  await storage.lock(lock, signal);
  try {
    const again = await readAccount(storage, key);
    if (again !== null) return again;
    const keyPem = (await acme.crypto.createPrivateEcdsaKey()).toString();
    const client = new acme.Client({
      directoryUrl: plan.directory,
      accountKey: keyPem,
      ...(plan.eab === null ? {} : { externalAccountBinding: { kid: plan.eab.keyId, hmacKey: plan.eab.macKey } }),
    });
    await client.createAccount({ termsOfServiceAgreed: true, ...(plan.email === null ? {} : { contact: [`mailto:${plan.email}`] }) });
    const account = { keyPem, url: client.getAccountUrl() };
    await storage.store(key, JSON.stringify({ ...account, email: plan.email, directory: plan.directory }, null, 2));
    return account;
  } finally {
    await storage.unlock(lock);
  }
}

/** Drops the stored account (the CA no longer knows it); the next order registers a new one. */
export async function forgetAccount(storage: CertificateStorage, issuerKey: string): Promise<void> {
  await storage.delete(`acme/${issuerKey}/account.json`);
}

async function readAccount(storage: CertificateStorage, key: string): Promise<AcmeAccount | null> {
  const raw = await storage.load(key);
  if (raw === null) return null;
  const parsed = JSON.parse(raw.toString('utf8')) as Partial<AcmeAccount>;
  if (typeof parsed.keyPem !== 'string' || typeof parsed.url !== 'string') return null;
  return { keyPem: parsed.keyPem, url: parsed.url };
}
