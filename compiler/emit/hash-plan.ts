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
  const hash = createHash('sha256');
  writeCanonicalJson(planWithoutHash, (chunk) => hash.update(chunk), omitted);
  return hash.digest('hex');
}
