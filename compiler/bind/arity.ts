/**
 * Generic argument-count checks from ArgSpecs (required / optional / variadic), done before any bind hook runs,
 * and the one-line syntax shown in hints.
 *
 * Invariant: a hook never sees fewer arguments than its required specs or more than its specs allow.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ArgSpec, BlockSpec, Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

export interface Arity {
  readonly min: number;
  readonly max: number;
}

const arities = new WeakMap<readonly ArgSpec[], Arity>();

/** Computed once per spec list (specs are static data; every directive line asks). */
export function arityOf(specs: readonly ArgSpec[]): Arity {
  let arity = arities.get(specs);
  if (arity === undefined) {
    let min = 0;
    let max = 0;
    for (const s of specs) {
      if (!s.optional) min++;
      max = s.variadic ? Infinity : max + 1;
    }
    arity = { min, max };
    arities.set(specs, arity);
  }
  return arity;
}

/** `respond [<matcher>] [<body>] [<status>]`, `reverse_proxy [<matcher>] <upstreams...> { ... }`. */
export function usage(name: string, specs: readonly ArgSpec[], matcher: boolean, block: BlockSpec | null | undefined): string {
  const parts = [name];
  if (matcher) parts.push('[<matcher>]');
  for (const s of specs) {
    const core = `<${s.name}>${s.variadic ? '...' : ''}`;
    parts.push(s.optional ? `[${core}]` : core);
  }
  if (block !== null && block !== undefined) parts.push('{ ... }');
  return parts.join(' ');
}

/** Report too many or too few arguments; true when the count is acceptable. */
export function checkArity(what: string, args: readonly Arg[], specs: readonly ArgSpec[], at: Span, syntax: () => string, r: Reporter): boolean {
  const { min, max } = arityOf(specs);
  if (args.length >= min && args.length <= max) return true;
  if (args.length > max) {
    const extra = args.slice(max);
    const span = { file: extra[0].span.file, start: extra[0].span.start, end: extra[extra.length - 1].span.end };
    const expected = max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`;
    r.error('RWS3003', `too many arguments: ${what} takes ${expected}, got ${args.length}`, span, { hint: `syntax: \`${syntax()}\`` });
    return false;
  }
  if (args.length < min) {
    const missing = specs.filter((s) => !s.optional).slice(args.length).map((s) => `<${s.name}>`);
    r.error('RWS3004', `missing ${missing.map((m) => `\`${m}\``).join(', ')}: ${what} needs ${min === max ? '' : 'at least '}${min} argument${min === 1 ? '' : 's'}, got ${args.length}`, at, {
      hint: `syntax: \`${syntax()}\``,
    });
    return false;
  }
  return true;
}
