/**
 * nginx's smooth weighted round robin: with equal weights it is plain rotation; with weights it interleaves
 * (5,1,1 gives a a b a c a a) instead of sending bursts.
 *
 * Invariant: over any run of sum(weights) picks among the same candidates, each gets exactly its weight.
 */
import type { Policy } from './policy.ts';

export function smoothWeightedRoundRobin(count: number): Policy {
  const current = new Float64Array(count);
  return (candidates) => {
    let best = candidates[0];
    let total = 0;
    for (const u of candidates) {
      current[u.index] += u.weight;
      total += u.weight;
      if (current[u.index] > current[best.index]) best = u;
    }
    current[best.index] -= total;
    return best;
  };
}
