/**
 * What the manager needs to know about a PEM certificate chain: validity, names, the OCSP responder and the
 * issuer (for OCSP requests and ARI certificate IDs).
 *
 * Invariant: `leaf` is the first certificate of the chain; `issuer` the second one, or null for a lone leaf.
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateFacts {
  readonly leaf: X509Certificate;
  readonly issuer: X509Certificate | null;
  readonly notBefore: number;
  readonly notAfter: number;
  /** DNS names from the subject alternative names, lower-case. */
  readonly names: readonly string[];
  /** The OCSP responder URL from Authority Information Access, or null. */
  readonly ocspUrl: string | null;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function splitPemChain(pem: string): string[] {
  return pem.match(PEM_BLOCK) ?? [];
}

export function certificateFacts(chainPem: string): CertificateFacts {
  const blocks = splitPemChain(chainPem);
  if (blocks.length === 0) throw new Error('no PEM certificate found');
  const leaf = new X509Certificate(blocks[0]);
  const issuer = blocks.length > 1 ? new X509Certificate(blocks[1]) : null;
  const names = (leaf.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  const ocsp = /OCSP - URI:(\S+)/.exec(leaf.infoAccess ?? '');
  return {
    leaf,
    issuer,
    notBefore: Date.parse(leaf.validFrom),
    notAfter: Date.parse(leaf.validTo),
    names,
    ocspUrl: ocsp === null ? null : ocsp[1],
  };
}
