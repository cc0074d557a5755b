/**
 * RWS5007: sibling `handle` blocks after a `handle` without a matcher (the catch-all runs first, so they never do).
 *
 * Invariant: applies to any route group, reported at each skipped sibling with a note at the catch-all.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { Check } from './check-fn.ts';
import { forEachRouteList } from './route-lists.ts';

export const handleAfterCatchAll: Check = {
  name: 'handle after a catch-all handle',
  run(config, sink) {
    forEachRouteList(config, (routes) => {
      let catchAll: Map<string, RoutePlan> | null = null;
      for (const route of routes) {
        if (route.group === null) continue;
        catchAll ??= new Map();
        const first = catchAll.get(route.group);
        if (first !== undefined) {
          const info = config.routeInfo.get(route);
          const by = config.routeInfo.get(first);
          if (info !== undefined && by !== undefined) {
            sink.report('RWS5007', 'warning', `\`${info.name}\` can never run: the \`${by.name}\` before it has no matcher and catches every request`, info.nameSpan, {
              notes: [{ message: 'catch-all here', span: by.nameSpan }],
              hint: `move the \`${by.name}\` without a matcher after its siblings`,
            }, info.via);
          }
        } else if (route.match.length === 0) {
          catchAll.set(route.group, route);
        }
      }
    });
  },
};
