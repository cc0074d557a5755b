/**
 * Stage 4: bound configuration → optimised plan data. Subroutes flattened, unreferenced matchers dropped and
 * the rest renumbered, sites grouped into listeners with host tables and TLS.
 *
 * Invariant: runs only on configurations without errors; never changes what a request would get.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { BoundConfig, BoundSite } from '../bind/bound.ts';
import { isPseudoPath } from '../expand/expand.ts';
import type { Result } from '../diagnostics/diagnostic.ts';
import { flattenRoutes } from './flatten.ts';
import { buildListeners } from './listeners.ts';
import type { OptimizedConfig } from './optimized.ts';
import { pruneMatchers } from './prune-matchers.ts';

export function optimize(config: BoundConfig): Result<OptimizedConfig> {
  const flat = new Map<BoundSite, { routes: RoutePlan[]; errorRoutes: RoutePlan[] | null }>();
  for (const site of config.sites) {
    flat.set(site, { routes: flattenRoutes(site.routes), errorRoutes: site.errorRoutes === null ? null : flattenRoutes(site.errorRoutes) });
  }
  const lists: RoutePlan[][] = [];
  for (const f of flat.values()) {
    lists.push(f.routes);
    if (f.errorRoutes !== null) lists.push(f.errorRoutes);
  }
  const pruned = pruneMatchers(config.matchers, lists);
  const final = new Map<BoundSite, { routes: RoutePlan[]; errorRoutes: RoutePlan[] | null }>();
  for (const [site, f] of flat) {
    final.set(site, { routes: pruned.remap(f.routes), errorRoutes: f.errorRoutes === null ? null : pruned.remap(f.errorRoutes) });
  }
  const listeners = buildListeners(config.sites, (site) => final.get(site)!);
  return {
    value: { files: config.files.map((f) => f.path).filter((p) => !isPseudoPath(p)), global: config.global.plan, matchers: pruned.matchers, listeners },
    diagnostics: [],
  };
}
