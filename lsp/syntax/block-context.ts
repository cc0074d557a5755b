/**
 * What may be written inside a block, worked out from the chain of lines that enclose it: the global options
 * block, a site or route list (directives), a snippet body, a subdirective block, a matcher block.
 *
 * Invariant: decided by the registry's block specs only (the same ones the binder follows), never by names
 * written here.
 */
import type { DirectiveSpec, SubdirectiveSpec } from '../../compiler/registry/directive.ts';
import type { Line } from '../../compiler/syntax/ast.ts';
import { LOOKUP } from './registry.ts';

export type BlockContext =
  | { readonly kind: 'top' }
  | { readonly kind: 'global' }
  /** A site block (scope site) or a route list (scope route). */
  | { readonly kind: 'directives'; readonly scope: 'site' | 'route' }
  /** `(name) { ... }`: pasted anywhere, so both site and route directives. */
  | { readonly kind: 'snippet' }
  | { readonly kind: 'subdirectives'; readonly owner: string; readonly specs: readonly SubdirectiveSpec[] }
  | { readonly kind: 'matchers' }
  /** Inside something the registry does not describe (an unknown directive's block). */
  | { readonly kind: 'unknown' };

const TOP: BlockContext = { kind: 'top' };
const UNKNOWN: BlockContext = { kind: 'unknown' };

/** The context inside the block of the last line of `path` (top level for an empty path). */
export function contextOf(path: readonly Line[]): BlockContext {
  let ctx: BlockContext = TOP;
  for (const line of path) ctx = inside(ctx, line);
  return ctx;
}

/** The context inside `line`'s block, given the context `line` is written in. */
export function inside(outer: BlockContext, line: Line): BlockContext {
  const first = line.args[0];
  switch (outer.kind) {
    case 'top':
      if (first === undefined) return { kind: 'global' };
      if (isSnippetName(first.value)) return { kind: 'snippet' };
      return { kind: 'directives', scope: 'site' };
    case 'global':
      return first === undefined ? UNKNOWN : ofDirective(LOOKUP.get(first.value));
    case 'directives':
    case 'snippet':
      if (first === undefined) return UNKNOWN;
      if (first.value.startsWith('@')) return { kind: 'matchers' };
      return ofDirective(LOOKUP.get(first.value));
    case 'subdirectives': {
      const sub = first === undefined ? undefined : outer.specs.find((s) => s.name === first.value);
      return sub?.block === undefined ? UNKNOWN : { kind: 'subdirectives', owner: sub.name, specs: sub.block };
    }
    case 'matchers':
      return first?.value === 'not' ? { kind: 'matchers' } : UNKNOWN;
    case 'unknown':
      return UNKNOWN;
    default:
      return assertNever(outer);
  }
}

function ofDirective(spec: DirectiveSpec | undefined): BlockContext {
  if (spec === undefined || spec.block === null) return UNKNOWN;
  switch (spec.block.kind) {
    case 'routes':
      return { kind: 'directives', scope: 'route' };
    case 'subdirectives':
      return { kind: 'subdirectives', owner: spec.name, specs: spec.block.subdirectives };
    case 'matchers':
      return { kind: 'matchers' };
    default:
      return assertNever(spec.block);
  }
}

/** `(name)`: a snippet definition's first word. */
export function isSnippetName(word: string): boolean {
  return word.length > 2 && word.startsWith('(') && word.endsWith(')');
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
