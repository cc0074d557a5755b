/**
 * Storage identities of issuers, computable without loading any ACME or X.509 library.
 *
 * Invariant: an ACME issuer's key is `acme-<directory host>-<sha256 of directory URL and EAB key id, 12 hex>`;
 * the local CA's is `local`.
 */
import { createHash } from 'node:crypto';
import type { AcmeIssuerPlan } from '../../plan/plan.ts';

export const LOCAL_ISSUER_KEY = 'local';

export function acmeIssuerKey(plan: AcmeIssuerPlan): string {
  const host = new URL(plan.directory).host.replace(/[^a-zA-Z0-9.-]/g, '_');
  const digest = createHash('sha256').update(plan.directory).update('\0').update(plan.eab?.keyId ?? '').digest('hex').slice(0, 12);
  return `acme-${host}-${digest}`;
}
