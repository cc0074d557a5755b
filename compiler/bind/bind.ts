/**
 * Stage 2: the expanded document → BoundConfig. Global options first (sites need their ports), then each site:
 * named matchers, directives through the registry, placeholders, addresses and endpoints.
 *
 * Invariant: never throws on user input; every problem is a diagnostic and binding goes on with the next line.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../directives/index.ts';
import type { Result } from '../diagnostics/diagnostic.ts';
import type { ExpandedDocument } from '../expand/expanded.ts';
import { lookupFor, type Registry } from '../registry/lookup.ts';
import type { BoundConfig, BoundSite, NamedMatcherInfo, RouteInfo } from './bound.ts';
import { DirectiveBinder, type BinderShared } from './directive-binder.ts';
import { bindGlobal } from './global.ts';
import { MatcherTable } from './matcher-table.ts';
import { SiteMatchers } from './named-matchers.ts';
import { Origins } from './origin.ts';
import { PoolTable } from './pool-table.ts';
import { DiagnosticSink } from './sink.ts';
import { bindSite } from './site.ts';
import { SubdirectiveChecker } from './subdirectives.ts';

export const DEFAULT_REGISTRY: Registry = { directives: DIRECTIVES, globalOptions: GLOBAL_OPTIONS };

export function bind(document: ExpandedDocument, registry: Registry = DEFAULT_REGISTRY): Result<BoundConfig> {
  const sink = new DiagnosticSink();
  const shared: BinderShared = {
    lookup: lookupFor(registry),
    table: new MatcherTable(),
    pools: new PoolTable(),
    sink,
    origins: new Origins(document.files),
    subdirectives: new SubdirectiveChecker(),
    routeInfo: new Map<RoutePlan, RouteInfo>(),
  };
  const global = bindGlobal(document.global, new DirectiveBinder(shared, SiteMatchers.NONE));
  const sites: BoundSite[] = [];
  const namedMatchers: NamedMatcherInfo[] = [];
  for (const line of document.sites) {
    const site = bindSite(line, shared, global, namedMatchers);
    if (site !== null) sites.push(site);
  }
  return {
    value: {
      files: document.files,
      document,
      global,
      sites,
      matchers: shared.table.list,
      pools: shared.pools.list,
      declaredPools: [...shared.pools.declared],
      namedMatchers,
      routeInfo: shared.routeInfo,
    },
    diagnostics: sink.diagnostics,
  };
}
