/**
 * Load-aware policies, by requests in flight relative to weight: least connections looks at every candidate,
 * power of two choices at two picked at random (nearly as good, and it avoids herding onto one upstream
 * that just became the least loaded).
 *
 * Invariant: load is inFlight / weight; ties are broken at random so equal upstreams share the load.
 */
import type { Upstream } from '../upstream.ts';

export function leastConnections(candidates: readonly Upstream[]): Upstream {
  let best = candidates[0];
  let ties = 1;
  for (let i = 1; i < candidates.length; i++) {
    const u = candidates[i];
    const diff = load(u) - load(best);
    if (diff < 0) {
      best = u;
      ties = 1;
    } else if (diff === 0 && Math.random() * ++ties < 1) {
      best = u;
    }
  }
  return best;
}

export function powerOfTwoChoices(candidates: readonly Upstream[]): Upstream {
  const n = candidates.length;
  const i = Math.floor(Math.random() * n);
  let j = Math.floor(Math.random() * (n - 1));
  if (j >= i) j++;
  const a = candidates[i];
  const b = candidates[j];
  const diff = load(a) - load(b);
  return diff < 0 ? a : diff > 0 ? b : Math.random() < 0.5 ? a : b;
}

function load(u: Upstream): number {
  return u.inFlight / u.weight;
}
