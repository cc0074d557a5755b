/**
 * Random choice in proportion to the upstreams' weights.
 *
 * Invariant: each candidate's chance is its weight over the candidates' total weight.
 */
import type { Upstream } from '../upstream.ts';

export function weightedRandom(candidates: readonly Upstream[]): Upstream {
  let total = 0;
  for (const u of candidates) total += u.weight;
  let point = Math.random() * total;
  for (const u of candidates) {
    point -= u.weight;
    if (point < 0) return u;
  }
  return candidates[candidates.length - 1];
}
