/**
 * Stage 5: optimised configuration → the Plan: version, content hash, deep-frozen.
 *
 * Invariant: the result is plain JSON-able data, frozen, and `hash` is hashPlan of everything else.
 */
import { PLAN_VERSION, type Plan } from '../../runtime/plan/plan.ts';
import type { Result } from '../diagnostics/diagnostic.ts';
import type { OptimizedConfig } from '../optimize/optimized.ts';
import { hashAndFreezePlan } from './hash-plan.ts';

export function emit(config: OptimizedConfig): Result<Plan> {
  const body: Omit<Plan, 'hash'> = {
    version: PLAN_VERSION,
    files: config.files,
    global: config.global,
    matchers: config.matchers,
    pools: config.pools,
    listeners: config.listeners,
  };
  // Every member of the plan is frozen by the walk that hashes it; only the plan object itself is left.
  const hash = hashAndFreezePlan(body);
  const plan: Plan = { version: body.version, hash, files: body.files, global: body.global, matchers: body.matchers, pools: body.pools, listeners: body.listeners };
  return { value: Object.freeze(plan), diagnostics: [] };
}
