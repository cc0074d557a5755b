/**
 * Site-level routes sorted into request phases (PHASES order), stable by source order within a phase.
 *
 * Invariant: only site-level lists are sorted; nested route lists keep the order written.
 */
import { PHASES, type Phase, type RoutePlan } from '../../runtime/plan/plan.ts';

const RANK = new Map<Phase, number>(PHASES.map((p, i) => [p, i]));

export function sortByPhase(routes: readonly { readonly route: RoutePlan; readonly phase: Phase | null }[]): RoutePlan[] {
  const rank = (phase: Phase | null): number => (phase === null ? PHASES.length : RANK.get(phase)!);
  let ordered = true;
  for (let i = 1; i < routes.length && ordered; i++) ordered = rank(routes[i - 1].phase) <= rank(routes[i].phase);
  if (ordered) return routes.map((r) => r.route);
  return routes
    .map((r, i) => ({ r, i, rank: rank(r.phase) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.r.route);
}
