/**
 * Walking every route list of a configuration: each site's routes and error routes, and every nested subroute.
 *
 * Invariant: each list is visited once, outer lists before the lists nested in them.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { BoundConfig, RouteInfo } from '../bind/bound.ts';

export function forEachRouteList(config: BoundConfig, visit: (routes: readonly RoutePlan[]) => void): void {
  const walk = (routes: readonly RoutePlan[]): void => {
    visit(routes);
    for (const route of routes) {
      for (const handler of route.handlers) if (handler.kind === 'subroute') walk(handler.routes);
    }
  };
  for (const site of config.sites) {
    walk(site.routes);
    if (site.errorRoutes !== null) walk(site.errorRoutes);
  }
}

/**
 * Whether a route ends request handling whenever it runs: its directive is terminal, or it holds a nested list
 * with a terminal route that has no matcher (`handle { respond "x" }`).
 */
export function isTerminal(route: RoutePlan, info: ReadonlyMap<RoutePlan, RouteInfo>): boolean {
  if (info.get(route)?.terminal === true) return true;
  return route.handlers.some((h) => h.kind === 'subroute' && h.routes.some((r) => r.match.length === 0 && isTerminal(r, info)));
}

/** A key for the set of matchers a route requires (order-independent). */
export function matchKey(route: RoutePlan): string {
  const match = route.match;
  if (match.length === 0) return '';
  if (match.length === 1) return String(match[0]);
  return [...new Set(match)].sort((a, b) => a - b).join(',');
}
