/**
 * The upstream pools declared in an analysis (`upstream NAME { … }` in the global options), as the binder
 * recorded them.
 *
 * Invariant: read from the bound config only; empty when the compiler declares no pools.
 */
import type { Span } from '../../compiler/diagnostics/diagnostic.ts';
import type { Analysis } from '../workspace/analysis.ts';

export interface PoolDeclaration {
  readonly name: string;
  readonly nameSpan: Span;
}

export function declaredPools(analysis: Analysis): readonly PoolDeclaration[] {
  const bound = analysis.result.bound as { readonly declaredPools?: readonly PoolDeclaration[] } | null;
  return bound?.declaredPools ?? [];
}
