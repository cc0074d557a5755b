/**
 * Flattening: a subroute holding a single route without a matcher is replaced by that route's handlers, spliced
 * in place. Safe because a one-route list has no siblings for its group to skip, and the inner chain's final
 * `next` is the outer chain's next handler either way.
 *
 * Invariant: the request-visible behaviour of every route list is unchanged.
 */
import type { HandlerPlan, RoutePlan } from '../../runtime/plan/plan.ts';

export function flattenRoutes(routes: readonly RoutePlan[]): RoutePlan[] {
  return routes.map(flattenRoute);
}

function flattenRoute(route: RoutePlan): RoutePlan {
  if (!route.handlers.some((h) => h.kind === 'subroute')) return route;
  const handlers: HandlerPlan[] = [];
  for (const h of route.handlers) {
    if (h.kind !== 'subroute') {
      handlers.push(h);
      continue;
    }
    const inner = flattenRoutes(h.routes);
    if (inner.length === 1 && inner[0].match.length === 0) handlers.push(...inner[0].handlers);
    else handlers.push({ ...h, routes: inner });
  }
  return { ...route, handlers };
}
