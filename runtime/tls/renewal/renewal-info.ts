/**
 * ACME Renewal Information (RFC 9773): the CA's suggested renewal window for a certificate, fetched from the
 * directory's `renewalInfo` URL with the certificate's ID (base64url of the Authority Key Identifier's key id,
 * a dot, base64url of the serial number's DER bytes).
 *
 * Invariant: never throws on a CA without ARI (no `renewalInfo` in the directory → null); a malformed answer
 * rejects, so the caller falls back to the lifetime fraction.
 */
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { X509Certificate as PeculiarCertificate, AuthorityKeyIdentifierExtension } from '@peculiar/x509';
import type { SuggestedWindow } from '../issuer/issuer.ts';
import { getJson } from './get-json.ts';

export function ariCertId(leafPem: string): string {
  const cert = new PeculiarCertificate(leafPem);
  const aki = cert.getExtension(AuthorityKeyIdentifierExtension);
  if (aki === null || aki.keyId === undefined) throw new Error('the certificate has no Authority Key Identifier');
  let serial = cert.serialNumber.toLowerCase();
  if (serial.length % 2 === 1) serial = `0${serial}`;
  // DER INTEGER bytes: a leading zero byte keeps a serial with its top bit set positive.
  if (Number.parseInt(serial.slice(0, 2), 16) >= 0x80) serial = `00${serial}`;
  return `${Buffer.from(aki.keyId, 'hex').toString('base64url')}.${Buffer.from(serial, 'hex').toString('base64url')}`;
}

/** The renewalInfo base URL from a directory document, or null when the CA offers no ARI. */
export function renewalInfoUrl(directory: Record<string, unknown>): string | null {
  const url = directory.renewalInfo;
  return typeof url === 'string' && url !== '' ? url : null;
}

export async function fetchSuggestedWindow(baseUrl: string, leafPem: string, signal: AbortSignal, now = Date.now()): Promise<SuggestedWindow> {
  const url = `${baseUrl.replace(/\/$/, '')}/${ariCertId(leafPem)}`;
  const { body, retryAfterMs } = await getJson(url, signal);
  const window = (body as { suggestedWindow?: { start?: unknown; end?: unknown } }).suggestedWindow;
  const start = typeof window?.start === 'string' ? Date.parse(window.start) : NaN;
  const end = typeof window?.end === 'string' ? Date.parse(window.end) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) throw new Error(`malformed renewalInfo from ${url}`);
  // RFC 9773 §4.3: clients re-fetch after Retry-After (bounded to something sensible: 1 min … 1 day; default 6 h).
  const retry = Math.min(Math.max(retryAfterMs ?? 6 * 3600_000, 60_000), 24 * 3600_000);
  return { start, end, retryAfter: now + retry };
}
