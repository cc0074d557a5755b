/**
 * What one argument of a line is, from the block context and the registry: a directive or subdirective name,
 * a matcher definition, type or reference, an import target, or a value for one of the spec's arguments.
 * Completion, hover, signature help and semantic tokens all ask this one function.
 *
 * Invariant: follows the binder's rules (matcher token first, `@name` and inline paths, variadic last
 * argument) using the same arity function; knows no directive by name.
 */
import { inlineIsMatcher } from '../../compiler/bind/directive-binder.ts';
import type { ArgSpec, DirectiveSpec, SubdirectiveSpec } from '../../compiler/registry/directive.ts';
import type { Line } from '../../compiler/syntax/ast.ts';
import { isSnippetName, type BlockContext } from './block-context.ts';
import { LOOKUP } from './registry.ts';

/** What a line's arguments are described by: a directive (or global option), or a subdirective. */
export type Owner =
  | { readonly kind: 'directive'; readonly spec: DirectiveSpec }
  | { readonly kind: 'subdirective'; readonly spec: SubdirectiveSpec; readonly parent: string };

export type ArgRole =
  | { readonly kind: 'directive-name'; readonly spec: DirectiveSpec | undefined }
  | { readonly kind: 'subdirective-name'; readonly owner: string; readonly spec: SubdirectiveSpec | undefined }
  | { readonly kind: 'matcher-definition' }
  | { readonly kind: 'matcher-type' }
  | { readonly kind: 'matcher-ref'; readonly spec: DirectiveSpec }
  | { readonly kind: 'inline-matcher'; readonly spec: DirectiveSpec }
  | { readonly kind: 'import-target' }
  | { readonly kind: 'snippet-definition' }
  | { readonly kind: 'site-address' }
  | { readonly kind: 'value'; readonly owner: Owner; readonly spec: ArgSpec | null; readonly specIndex: number }
  | { readonly kind: 'none' };

const NONE: ArgRole = { kind: 'none' };

export function roleOf(ctx: BlockContext, line: Line, argIndex: number): ArgRole {
  const first = line.args[0]?.value ?? '';
  if (first === 'import' && ctx.kind !== 'subdirectives' && ctx.kind !== 'matchers' && ctx.kind !== 'global') {
    return argIndex === 0 ? { kind: 'directive-name', spec: undefined } : argIndex === 1 ? { kind: 'import-target' } : NONE;
  }
  switch (ctx.kind) {
    case 'top':
      if (line.args.length === 0) return NONE;
      if (isSnippetName(first)) return argIndex === 0 ? { kind: 'snippet-definition' } : NONE;
      return { kind: 'site-address' };
    case 'global':
      return directiveArg(LOOKUP.get(first), line, argIndex);
    case 'directives':
    case 'snippet':
      if (first.startsWith('@')) return argIndex === 0 ? { kind: 'matcher-definition' } : argIndex === 1 ? { kind: 'matcher-type' } : NONE;
      return directiveArg(LOOKUP.get(first), line, argIndex);
    case 'subdirectives': {
      const spec = ctx.specs.find((s) => s.name === first);
      if (argIndex === 0) return { kind: 'subdirective-name', owner: ctx.owner, spec };
      return spec === undefined ? NONE : valueRole({ kind: 'subdirective', spec, parent: ctx.owner }, spec.args, argIndex - 1);
    }
    case 'matchers':
      return argIndex === 0 || (argIndex === 1 && first === 'not') ? { kind: 'matcher-type' } : NONE;
    case 'unknown':
      return NONE;
    default:
      return assertNever(ctx);
  }
}

function directiveArg(spec: DirectiveSpec | undefined, line: Line, argIndex: number): ArgRole {
  if (argIndex === 0) return { kind: 'directive-name', spec };
  if (spec === undefined) return NONE;
  let index = argIndex - 1;
  const token = line.args[1];
  if (spec.matcher && token !== undefined) {
    if (token.value.startsWith('@')) {
      if (argIndex === 1) return { kind: 'matcher-ref', spec };
      index--;
    } else if (/^[/*]/.test(token.value) && inlineIsMatcher(line.args.length - 1, spec)) {
      if (argIndex === 1) return { kind: 'inline-matcher', spec };
      index--;
    }
  }
  return valueRole({ kind: 'directive', spec }, spec.args, index);
}

function valueRole(owner: Owner, specs: readonly ArgSpec[], index: number): ArgRole {
  const last = specs[specs.length - 1];
  const spec = index < specs.length ? specs[index] : last?.variadic === true ? last : null;
  return { kind: 'value', owner, spec, specIndex: spec === null ? -1 : specs.indexOf(spec) };
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
