/**
 * The upstream pools declared in an analysis (`upstream NAME { … }` in the global options), as the binder
 * recorded them.
 *
 * Invariant: read from the bound config only; empty when the compile declares no pools.
 */
import type { DeclaredPool } from '../../compiler/bind/pool-table.ts';
import type { Analysis } from '../workspace/analysis.ts';

export function declaredPools(analysis: Analysis): readonly DeclaredPool[] {
  return analysis.result.bound?.declaredPools ?? [];
}
