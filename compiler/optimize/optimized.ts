/**
 * The optimised configuration: everything the plan holds except its version and hash.
 *
 * Invariant: plain plan data; every matcher index in it points into `matchers`, and every matcher is referenced.
 */
import type { GlobalPlan, ListenerPlan, MatcherPlan, UpstreamPoolPlan } from '../../runtime/plan/plan.ts';

export interface OptimizedConfig {
  readonly files: readonly string[];
  readonly global: GlobalPlan;
  readonly matchers: readonly MatcherPlan[];
  readonly pools: readonly UpstreamPoolPlan[];
  readonly listeners: readonly ListenerPlan[];
}
