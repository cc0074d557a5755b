/**
 * Stage 3: semantic checks over the bound configuration. The list is literal; each check is wrapped so a crash
 * becomes an RWS9002 diagnostic and the other checks still run.
 *
 * Invariant: the configuration passes through unchanged; only diagnostics are added.
 */
import type { BoundConfig } from '../bind/bound.ts';
import { DiagnosticSink } from '../bind/sink.ts';
import type { Result } from '../diagnostics/diagnostic.ts';
import type { Check } from './check-fn.ts';
import { duplicateSiteAddress } from './duplicate-site-address.ts';
import { handleAfterCatchAll } from './handle-after-catch-all.ts';
import { httpsWithoutTls } from './https-without-tls.ts';
import { overlappingListeners } from './overlapping-listeners.ts';
import { schemeConflict } from './scheme-conflict.ts';
import { shadowedRoutes } from './shadowed-routes.ts';
import { unusedMatchers } from './unused-matchers.ts';
import { unusedPools } from './unused-pools.ts';
import { unusedSnippets } from './unused-snippets.ts';

export const CHECKS: readonly Check[] = [
  duplicateSiteAddress,
  schemeConflict,
  overlappingListeners,
  httpsWithoutTls,
  shadowedRoutes,
  handleAfterCatchAll,
  unusedMatchers,
  unusedSnippets,
  unusedPools,
];

export function check(config: BoundConfig, checks: readonly Check[] = CHECKS): Result<BoundConfig> {
  const sink = new DiagnosticSink();
  for (const c of checks) {
    try {
      c.run(config, sink);
    } catch (e) {
      const span = config.files[0] === undefined ? { file: '<unknown>', start: 0, end: 0 } : { file: config.files[0].path, start: 0, end: 0 };
      sink.report('RWS9002', 'error', `internal error in the check "${c.name}": ${e instanceof Error ? e.message : String(e)}`, span, {
        hint: 'this is a bug in rws; please report it with your Rwsfile',
      }, []);
    }
  }
  return { value: config, diagnostics: sink.diagnostics };
}
