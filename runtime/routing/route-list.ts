/**
 * A route list as one Handler, built at provision: routes in order; a route runs when all its matchers
 * match; its handler chain's final `next` continues with the following routes; within a group only the
 * first route that runs counts (later routes of that group are skipped); the list's own `next` runs after
 * the last route.
 *
 * Invariant: per request only matcher lookups (memoised per request in ctx.matchMemo) and calls; the only allocations are
 * one continuation per route that runs before another could (none for a list of one route without
 * matchers), plus the group flags of a list that uses groups.
 */
import type { Handler, Next, RequestContext } from '../http/handler.ts';
import type { MatcherSet } from '../matchers/matcher-set.ts';

export interface CompiledRoute {
  readonly match: readonly number[];
  /** Index into the list's group names, -1 for none. */
  readonly group: number;
  readonly chain: Handler;
}

export function routeList(routes: readonly CompiledRoute[], matchers: MatcherSet): Handler {
  const count = routes.length;
  if (count === 0) return (_ctx, next) => next();
  const grouped = routes.some((r) => r.group !== -1);
  // One route that always runs: its chain is the list (its final `next` is the list's own).
  if (count === 1 && routes[0].match.length === 0) return routes[0].chain;
  if (!grouped) {
    const runFrom = (ctx: RequestContext, next: Next, from: number): Promise<void> => {
      for (let i = from; i < count; i++) {
        const route = routes[i];
        if (route.match.length !== 0 && !matchers.matchesAll(ctx, route.match)) continue;
        // After the last route, continuing is the list's own `next`: no continuation to allocate.
        return route.chain(ctx, i + 1 === count ? next : () => runFrom(ctx, next, i + 1));
      }
      return next();
    };
    return (ctx, next) => runFrom(ctx, next, 0);
  }
  return (ctx, next) => {
    const done: boolean[] = [];
    const run = (from: number): Promise<void> => {
      for (let i = from; i < count; i++) {
        const route = routes[i];
        if (route.group !== -1 && done[route.group] === true) continue;
        if (route.match.length !== 0 && !matchers.matchesAll(ctx, route.match)) continue;
        if (route.group !== -1) done[route.group] = true;
        return route.chain(ctx, () => run(i + 1));
      }
      return next();
    };
    return run(0);
  };
}
