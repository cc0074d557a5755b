/**
 * Which upstream of a pool gets the next try of a request: the pool's policy (policies/) chooses among the
 * candidates this file narrows down.
 *
 * Invariant: an upstream already tried by this request is never picked again; an unavailable one (it refused
 * a connection within the last second, or health checks took it out: Upstream.available) is passed over while
 * any available one remains, and when none is available the untried ones are still tried rather than
 * failing without a try.
 */
import type { RequestContext } from '../../http/handler.ts';
import type { LbPolicyPlan } from '../../plan/plan.ts';
import { policyFor } from './policies/policy.ts';
import type { Upstream } from './upstream.ts';

/** `tried`: the upstreams this request already tried, in order (empty on the first try). */
export type Balancer = (ctx: RequestContext, tried: readonly Upstream[]) => Upstream | null;

export function createBalancer(lb: LbPolicyPlan, upstreams: readonly Upstream[]): Balancer {
  if (upstreams.length === 1) {
    // Nothing to choose: a lone upstream cooling down is still tried, as the fallback below would.
    const only = upstreams[0];
    return (_ctx, tried) => (tried.length === 0 && only.health.available(Date.now()) ? only : null);
  }
  const choose = policyFor(lb, upstreams);
  return (ctx, tried) => {
    const now = Date.now();
    // The usual case (first try, everything available) picks among all upstreams without building a list.
    let candidates = tried.length === 0 && upstreams.every((u) => u.available(now)) ? upstreams : upstreams.filter((u) => !tried.includes(u) && u.available(now));
    // Out of rotation (health checks, ejection) is final; cooling down after a refusal is not.
    if (candidates.length === 0) candidates = upstreams.filter((u) => !tried.includes(u) && u.health.available(now));
    if (candidates.length === 0) return null;
    return candidates.length === 1 ? candidates[0] : choose(candidates, ctx);
  };
}
