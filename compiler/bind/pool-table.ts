/**
 * The upstream pool table: what becomes Plan.pools. Inline `reverse_proxy host:port …` adds an anonymous
 * pool named `<site name>/<n>`; `upstream NAME { … }` in the global options declares a named pool, which
 * enters the table only when something refers to it (so every pool in the plan is used).
 *
 * Invariant: `list[i]` never changes once added; pool names in `list` are unique; a declared pool has at
 * most one index however often it is referred to.
 */
import type { UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';

export interface DeclaredPoolName {
  readonly name: string;
  readonly nameSpan: Span;
  readonly via: readonly Span[];
}

export interface DeclaredPool extends DeclaredPoolName {
  readonly plan: UpstreamPoolPlan;
  /** Index in the table once referred to; null while unused. */
  index: number | null;
}

export class PoolTable {
  readonly list: UpstreamPoolPlan[] = [];
  readonly #declared = new Map<string, DeclaredPool>();
  readonly #names = new Set<string>();
  readonly #inlineCount = new Map<string, number>();
  /** Declared with invalid settings (already reported): references to them are not reported again. */
  readonly #broken = new Map<string, DeclaredPoolName>();

  /** An anonymous pool for a handler of site `siteName`. */
  addInline(siteName: string, pool: Omit<UpstreamPoolPlan, 'name'>): number {
    let n = this.#inlineCount.get(siteName) ?? 0;
    let name: string;
    do name = `${siteName}/${++n}`;
    while (this.#names.has(name) || this.#declared.has(name));
    this.#inlineCount.set(siteName, n);
    return this.#add({ name, ...pool });
  }

  /**
   * Declare a named pool (`plan` null: its settings were invalid); returns the earlier declaration when the
   * name is taken (nothing is declared then).
   */
  declare(pool: DeclaredPoolName & { readonly plan: UpstreamPoolPlan | null }): DeclaredPoolName | null {
    const previous = this.#declared.get(pool.name) ?? this.#broken.get(pool.name);
    if (previous !== undefined) return previous;
    if (pool.plan === null) this.#broken.set(pool.name, pool);
    else this.#declared.set(pool.name, { ...pool, plan: pool.plan, index: null });
    return null;
  }

  /** Every declared name, including pools whose settings were invalid. */
  names(): string[] {
    return [...this.#declared.keys(), ...this.#broken.keys()];
  }

  /** The index of declared pool `name`, adding it to the table on first use; undefined when not declared. */
  use(name: string): number | undefined {
    const declared = this.#declared.get(name);
    if (declared === undefined) return undefined;
    declared.index ??= this.#add(declared.plan);
    return declared.index;
  }

  /** The plan of declared pool `name` without marking it used. */
  peek(name: string): UpstreamPoolPlan | undefined {
    return this.#declared.get(name)?.plan;
  }

  get declared(): Iterable<DeclaredPool> {
    return this.#declared.values();
  }

  #add(pool: UpstreamPoolPlan): number {
    this.#names.add(pool.name);
    this.list.push(pool);
    return this.list.length - 1;
  }
}
