/**
 * The plan's content hash: sha256 (hex) of its canonical JSON without `hash` and without any `origin`.
 *
 * Invariant: reformatting the Rwsfile (which only moves origins) never changes the hash; any change the
 * runtime could observe does.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../../runtime/plan/plan.ts';
import { writeCanonicalJson } from './canonical-json.ts';

const omitted = (key: string): boolean => key === 'origin' || key === 'hash';

export function hashPlan(planWithoutHash: Omit<Plan, 'hash'>): string {
  return hash(planWithoutHash, false);
}

/** hashPlan, deep-freezing every object of the plan in the same walk (what emit needs: one pass over megabytes). */
export function hashAndFreezePlan(planWithoutHash: Omit<Plan, 'hash'>): string {
  return hash(planWithoutHash, true);
}

function hash(planWithoutHash: Omit<Plan, 'hash'>, freeze: boolean): string {
  const sha = createHash('sha256');
  writeCanonicalJson(planWithoutHash, (chunk) => sha.update(chunk), { omit: omitted, freeze });
  return sha.digest('hex');
}
