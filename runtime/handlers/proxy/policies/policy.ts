/**
 * The balancing policies, one per LbPolicyPlan kind. A policy chooses one of at least two candidates (the
 * balancer has already removed tried and unavailable upstreams).
 *
 * Invariant: a policy never returns an upstream outside `candidates`; per-pool state (round-robin counters)
 * is indexed by Upstream.index and created once per pool.
 */
import type { RequestContext } from '../../../http/handler.ts';
import type { LbPolicyPlan } from '../../../plan/plan.ts';
import type { Upstream } from '../upstream.ts';
import { hashKeyOf, rendezvous } from './rendezvous.ts';
import { leastConnections, powerOfTwoChoices } from './least-loaded.ts';
import { weightedRandom } from './random.ts';
import { smoothWeightedRoundRobin } from './round-robin.ts';

export type Policy = (candidates: readonly Upstream[], ctx: RequestContext) => Upstream;

export function policyFor(lb: LbPolicyPlan, upstreams: readonly Upstream[]): Policy {
  switch (lb.kind) {
    case 'round_robin':
      return smoothWeightedRoundRobin(upstreams.length);
    case 'random':
      return weightedRandom;
    case 'first':
      return (candidates) => candidates[0];
    case 'least_conn':
      return leastConnections;
    case 'p2c':
      return powerOfTwoChoices;
    case 'ip_hash':
      return (candidates, ctx) => rendezvous(candidates, ctx.clientIp);
    case 'hash': {
      const keyOf = hashKeyOf(lb);
      return (candidates, ctx) => {
        const key = keyOf(ctx);
        // No key (header, cookie or parameter absent): nothing to be consistent about.
        return key === '' ? weightedRandom(candidates) : rendezvous(candidates, key);
      };
    }
    default: {
      const unknown: never = lb;
      throw new Error(`unknown lb policy ${JSON.stringify(unknown)}`);
    }
  }
}
