/**
 * Name → spec lookup over the registry lists, built once per registry.
 *
 * Invariant: directive names and global option names share one namespace; a lookup never scans the lists.
 */
import type { DirectiveSpec, Scope } from './directive.ts';

export interface Registry {
  readonly directives: readonly DirectiveSpec[];
  readonly globalOptions: readonly DirectiveSpec[];
}

export class DirectiveLookup {
  readonly #byName = new Map<string, DirectiveSpec>();
  readonly #namesByScope = new Map<Scope, string[]>([
    ['global', []],
    ['site', []],
    ['route', []],
  ]);
  readonly #allowed = new Map<Scope, Set<string>>();

  constructor(registry: Registry) {
    for (const spec of [...registry.directives, ...registry.globalOptions]) {
      if (!this.#byName.has(spec.name)) this.#byName.set(spec.name, spec);
    }
    for (const spec of registry.globalOptions) this.#namesByScope.get('global')!.push(spec.name);
    for (const spec of registry.directives) {
      for (const scope of spec.scopes) if (scope !== 'global') this.#namesByScope.get(scope)!.push(spec.name);
    }
    for (const [scope, names] of this.#namesByScope) this.#allowed.set(scope, new Set(names));
  }

  /** The spec for a name, whatever its scope. */
  get(name: string): DirectiveSpec | undefined {
    return this.#byName.get(name);
  }

  /** Names valid in a scope (for did-you-mean and completion). */
  names(scope: Scope): readonly string[] {
    return this.#namesByScope.get(scope)!;
  }

  /** Whether `spec` may be written in `scope` (global options only in the global block, directives only outside it). */
  allows(spec: DirectiveSpec, scope: Scope): boolean {
    return this.#allowed.get(scope)!.has(spec.name) && this.#byName.get(spec.name) === spec;
  }
}

const cache = new WeakMap<Registry, DirectiveLookup>();

export function lookupFor(registry: Registry): DirectiveLookup {
  let lookup = cache.get(registry);
  if (lookup === undefined) {
    lookup = new DirectiveLookup(registry);
    cache.set(registry, lookup);
  }
  return lookup;
}
