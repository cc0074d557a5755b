/**
 * Stage 4: bound configuration → optimised plan data. Subroutes flattened, unreferenced matchers dropped and
 * the rest renumbered, HTTP→HTTPS redirect sites added, sites grouped into listeners with host tables and TLS.
 *
 * Invariant: runs only on configurations without errors; never changes what a request would get.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { BoundConfig } from '../bind/bound.ts';
import { isPseudoPath } from '../expand/expand.ts';
import type { Result } from '../diagnostics/diagnostic.ts';
import { flattenRoutes } from './flatten.ts';
import { httpsRedirects } from './https-redirects.ts';
import { buildListeners, type SiteRoutes } from './listeners.ts';
import type { OptimizedConfig } from './optimized.ts';
import { pruneMatchers } from './prune-matchers.ts';

export function optimize(config: BoundConfig): Result<OptimizedConfig> {
  // Arrays parallel to config.sites (index i is site i): no maps keyed by site objects.
  const flat = config.sites.map((site) => ({ routes: flattenRoutes(site.routes), errorRoutes: site.errorRoutes === null ? null : flattenRoutes(site.errorRoutes) }));
  const lists: RoutePlan[][] = [];
  for (const f of flat) {
    lists.push(f.routes);
    if (f.errorRoutes !== null) lists.push(f.errorRoutes);
  }
  const pruned = pruneMatchers(config.matchers, lists);
  const final: SiteRoutes[] = flat.map((f) => ({ routes: pruned.remap(f.routes), errorRoutes: f.errorRoutes === null ? null : pruned.remap(f.errorRoutes) }));
  const redirects = httpsRedirects(config.sites, config.global);
  const listeners =
    redirects.sites.length === 0
      ? buildListeners(config.sites, final, config.global)
      : buildListeners([...config.sites, ...redirects.sites], [...final, ...redirects.routes], config.global);
  return {
    value: { files: config.files.map((f) => f.path).filter((p) => !isPseudoPath(p)), global: config.global.plan, matchers: pruned.matchers, pools: config.pools, listeners },
    diagnostics: [],
  };
}
