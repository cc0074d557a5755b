/**
 * Where each matcher's per-request result is memoised: a slot number, assigned once per plan so that the
 * matchers one site can reach get distinct, small slots. A request then needs a memo as large as its site's
 * slot count, not one entry per matcher of the whole plan (10,000 sites with a matcher each would otherwise
 * cost every request a 10,000-entry array).
 *
 * Invariant: every slot is below the plan's matcher count, so a memo of Plan.matchers.length entries
 * (explain, or any context made without slots) fits any assignment. Two matchers may share a slot (a matcher
 * shared by sites can collide with another); the memo tags entries with their matcher, so a collision costs
 * a re-evaluation, never a wrong answer.
 */
import type { MatcherPlan, Plan, RoutePlan, SitePlan } from '../plan/plan.ts';

export interface MatchSlots {
  /** Matcher index → slot. */
  readonly slotOf: Int32Array;
  /** Memo size for each site: one more than the highest slot it can reach (0 when it uses no matcher). */
  readonly siteSlots: ReadonlyMap<SitePlan, number>;
}

export function assignMatchSlots(plan: Plan): MatchSlots {
  const slotOf = new Int32Array(plan.matchers.length).fill(-1);
  const siteSlots = new Map<SitePlan, number>();
  for (const listener of plan.listeners) {
    for (const site of listener.sites) {
      if (siteSlots.has(site)) continue;
      const reached = reachableMatchers(site, plan.matchers);
      const taken = new Set<number>();
      for (const index of reached) if (slotOf[index] !== -1) taken.add(slotOf[index]);
      let next = 0;
      let count = 0;
      for (const index of reached) {
        if (slotOf[index] === -1) {
          while (taken.has(next)) next++;
          slotOf[index] = next;
          taken.add(next);
        }
        count = Math.max(count, slotOf[index] + 1);
      }
      siteSlots.set(site, count);
    }
  }
  // Matchers no site reaches (none in a compiled plan) still need a valid slot.
  for (let i = 0; i < slotOf.length; i++) if (slotOf[i] === -1) slotOf[i] = 0;
  return { slotOf, siteSlots };
}

/** The matchers a site's route lists (nested subroutes included) can evaluate, with what `not` / `any` refer to. */
export function reachableMatchers(site: SitePlan, matchers: readonly MatcherPlan[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  const visitMatcher = (index: number): void => {
    if (seen.has(index) || index < 0 || index >= matchers.length) return;
    seen.add(index);
    out.push(index);
    const m = matchers[index];
    if (m.kind === 'not') for (const i of m.all) visitMatcher(i);
    else if (m.kind === 'any') for (const group of m.groups) for (const i of group) visitMatcher(i);
  };
  const visitRoutes = (routes: readonly RoutePlan[]): void => {
    for (const route of routes) {
      for (const i of route.match) visitMatcher(i);
      for (const handler of route.handlers) if (handler.kind === 'subroute') visitRoutes(handler.routes);
    }
  };
  visitRoutes(site.routes);
  if (site.errorRoutes !== null) visitRoutes(site.errorRoutes);
  return out;
}
