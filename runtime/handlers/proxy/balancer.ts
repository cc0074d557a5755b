/**
 * Load-balancing policies: which upstream gets the next try of a request.
 *
 * Invariant: an upstream already tried by this request is never picked again; one that refused a connection
 * within the last second is passed over while any other remains (there are no health checks yet, so nothing
 * is ever marked down for longer).
 */
import type { RequestContext } from '../../http/handler.ts';
import type { ReverseProxyHandler } from '../../plan/plan.ts';
import type { Upstream } from './upstream.ts';

/** `tried`: the upstreams this request already tried, in order (empty on the first try). */
export type Balancer = (ctx: RequestContext, tried: readonly Upstream[]) => Upstream | null;

type Policy = (candidates: readonly Upstream[], ctx: RequestContext) => Upstream;

export function createBalancer(policy: ReverseProxyHandler['lbPolicy'], upstreams: readonly Upstream[]): Balancer {
  if (upstreams.length === 1) {
    // Nothing to choose: a refused lone upstream is still tried, as the fallback below would.
    const only = upstreams[0];
    return (_ctx, tried) => (tried.length === 0 ? only : null);
  }
  const choose = policyFor(policy, upstreams);
  return (ctx, tried) => {
    const now = Date.now();
    // The usual case (first try, nothing cooling down) picks among all upstreams without building a list.
    let candidates = tried.length === 0 && !upstreams.some((u) => u.coolingDown(now)) ? upstreams : upstreams.filter((u) => !tried.includes(u) && !u.coolingDown(now));
    if (candidates.length === 0) candidates = upstreams.filter((u) => !tried.includes(u));
    if (candidates.length === 0) return null;
    return candidates.length === 1 ? candidates[0] : choose(candidates, ctx);
  };
}

function policyFor(policy: ReverseProxyHandler['lbPolicy'], upstreams: readonly Upstream[]): Policy {
  switch (policy) {
    case 'round_robin':
      return smoothWeightedRoundRobin(upstreams.length);
    case 'random':
      return weightedRandom;
    case 'first':
      return (candidates) => candidates[0];
    case 'least_conn':
      return leastConnections;
    case 'ip_hash':
      return (candidates, ctx) => highestRandomWeight(candidates, ctx.remoteIp);
    default: {
      const unknown: never = policy;
      throw new Error(`unknown lb policy ${String(unknown)}`);
    }
  }
}

/**
 * nginx's smooth weighted round robin: with equal weights it is plain rotation; with weights it interleaves
 * (5,1,1 gives a a b a c a a) instead of sending bursts. State is per handler.
 */
function smoothWeightedRoundRobin(count: number): Policy {
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

function weightedRandom(candidates: readonly Upstream[]): Upstream {
  let total = 0;
  for (const u of candidates) total += u.weight;
  let point = Math.random() * total;
  for (const u of candidates) {
    point -= u.weight;
    if (point < 0) return u;
  }
  return candidates[candidates.length - 1];
}

/** Fewest requests in flight; ties broken at random so equal upstreams share the load. */
function leastConnections(candidates: readonly Upstream[]): Upstream {
  let best = candidates[0];
  let ties = 1;
  for (let i = 1; i < candidates.length; i++) {
    const u = candidates[i];
    if (u.inFlight < best.inFlight) {
      best = u;
      ties = 1;
    } else if (u.inFlight === best.inFlight && Math.random() * ++ties < 1) {
      best = u;
    }
  }
  return best;
}

/**
 * Rendezvous hashing of the client address: a client sticks to one upstream, and when that upstream is
 * skipped only its clients move.
 */
function highestRandomWeight(candidates: readonly Upstream[], key: string): Upstream {
  let best = candidates[0];
  let bestScore = -1;
  for (const u of candidates) {
    const score = fnv1a(`${key}|${u.origin}|${u.index}`);
    if (score > bestScore) {
      best = u;
      bestScore = score;
    }
  }
  return best;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so similar keys spread evenly.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
