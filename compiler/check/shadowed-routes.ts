/**
 * RWS5004: a route that can never run because an earlier route of the same list ends handling for every request
 * it could match (a terminal route with no matcher, or with the same matchers).
 *
 * Invariant: linear in the size of each list; routes skipped by their `handle` group are left to RWS5007. A grouped
 * route only shadows others when it is the first of its group (a sibling before it could have run instead).
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { Check } from './check-fn.ts';
import { forEachRouteList, isTerminal, matchKey } from './route-lists.ts';

export const shadowedRoutes: Check = {
  name: 'shadowed routes',
  run(config, sink) {
    forEachRouteList(config, (routes) => {
      // Maps and sets made only when a list needs them: most lists have no matchers and no groups.
      let catchAll: RoutePlan | null = null;
      let byMatch: Map<string, RoutePlan> | null = null;
      let catchAllGroups: Set<string> | null = null;
      let groupsSeen: Set<string> | null = null;
      for (const route of routes) {
        const key = matchKey(route);
        const shadow = catchAll ?? byMatch?.get(key) ?? null;
        const skippedByGroup = route.group !== null && catchAllGroups !== null && catchAllGroups.has(route.group);
        if (shadow !== null && !skippedByGroup) {
          const info = config.routeInfo.get(route);
          const by = config.routeInfo.get(shadow);
          if (info !== undefined && by !== undefined) {
            const reason = shadow.match.length === 0 ? 'answers every request' : 'answers every request with the same matchers';
            sink.report('RWS5004', 'warning', `\`${info.name}\` can never run: the \`${by.name}\` before it ${reason}`, info.nameSpan, {
              notes: [{ message: `\`${by.name}\` ends request handling here`, span: by.nameSpan }],
              hint: by.phase !== info.phase && by.span.file === info.span.file && by.span.start > info.span.start
                ? `site-level directives run by phase (\`${by.name}\` before \`${info.name}\`): give the earlier one a matcher, or wrap both in \`route { ... }\` in the order you want`
                : 'give the earlier one a matcher, or move this one before it',
            }, info.via);
          }
        }
        const firstOfGroup = route.group === null || groupsSeen === null || !groupsSeen.has(route.group);
        if (route.group !== null) {
          (groupsSeen ??= new Set()).add(route.group);
          if (route.match.length === 0) (catchAllGroups ??= new Set()).add(route.group);
        }
        if (!firstOfGroup || !isTerminal(route, config.routeInfo)) continue;
        if (route.match.length === 0) catchAll ??= route;
        else {
          byMatch ??= new Map();
          if (!byMatch.has(key)) byMatch.set(key, route);
        }
      }
    });
  },
};
