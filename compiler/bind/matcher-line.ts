/**
 * One matcher condition (`path /a/*`, `not method GET`, `not { ... }`) → an interned matcher index.
 *
 * Invariant: each condition becomes exactly one index; `not` and `!Header` become `not` matchers over the
 * interned inner conditions.
 */
import type { MatcherPlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedBlock } from '../expand/expanded.ts';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import type { MatcherTable } from './matcher-table.ts';
import { isNegatedHeader, MATCHER_TYPE_NAMES, MATCHER_TYPES } from './matcher-types.ts';

export interface MatcherLineContext {
  readonly table: MatcherTable;
  readonly reporter: Reporter;
  /** Capture name for unnamed regexps (the named matcher's name). */
  readonly defaultName: string;
  /** Called for each regexp matcher outside `not`, to register its capture name. */
  readonly onRegexp: (name: string, index: number, span: Span) => void;
}

export function bindMatcherLine(typeArg: Arg, args: readonly Arg[], block: ExpandedBlock | null, ctx: MatcherLineContext): number | null {
  const r = ctx.reporter;
  const typeName = typeArg.value;
  if (typeName === 'not') return bindNot(typeArg, args, block, ctx);
  const type = Object.hasOwn(MATCHER_TYPES, typeName) ? MATCHER_TYPES[typeName] : undefined;
  if (type === undefined || typeArg.kind !== 'word') {
    const suggestion = didYouMean(typeName, MATCHER_TYPE_NAMES);
    r.error('RWS4001', `unknown matcher type \`${typeName}\``, typeArg.span, {
      hint: suggestion !== null ? `did you mean \`${suggestion}\`?` : `matcher types: ${MATCHER_TYPE_NAMES.map((n) => `\`${n}\``).join(', ')}`,
      ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: typeArg.span, newText: suggestion }] } }),
    });
    return null;
  }
  if (block !== null) {
    r.error('RWS3005', `the \`${typeName}\` matcher does not take a block`, block.open, { hint: `syntax: \`${type.usage}\`` });
    return null;
  }
  if (args.length < type.min || args.length > type.max) {
    const few = args.length < type.min;
    const span = few ? typeArg.span : spanOf(args.slice(type.max));
    const expected = type.min === type.max ? `${type.min}` : few ? `at least ${type.min}` : `at most ${type.max}`;
    r.error('RWS4005', `the \`${typeName}\` matcher takes ${expected} argument${type.min === 1 && (few || type.max === 1) ? '' : 's'}, got ${args.length}`, span, {
      hint: `syntax: \`${type.usage}\``,
    });
    return null;
  }
  const plan = type.parse(args, { ...bindReporter(r), defaultName: ctx.defaultName });
  if (plan === null) return null;
  const index = ctx.table.intern(plan);
  if (isNegatedHeader(typeName, args)) return ctx.table.intern({ kind: 'not', all: [index] });
  if (plan.kind === 'path_regexp' || plan.kind === 'header_regexp') ctx.onRegexp(plan.name, index, spanOf([typeArg, ...args]));
  return index;
}

function bindNot(typeArg: Arg, args: readonly Arg[], block: ExpandedBlock | null, ctx: MatcherLineContext): number | null {
  const inner: MatcherLineContext = { ...ctx, onRegexp: () => {} };
  let all: (number | null)[];
  if (block !== null && args.length === 0) {
    if (block.lines.length === 0) {
      ctx.reporter.error('RWS4006', '`not { }` has no conditions', block.open, { hint: 'add a condition, e.g. `not { path /admin/* }`' });
      return null;
    }
    all = block.lines.map((l) => (l.args.length === 0 ? missingType(l.block!.open, ctx.reporter) : bindMatcherLine(l.args[0], l.args.slice(1), l.block, inner)));
  } else if (block === null && args.length > 0) {
    all = [bindMatcherLine(args[0], args.slice(1), null, inner)];
  } else {
    ctx.reporter.error('RWS4005', block === null ? '`not` needs a condition' : '`not` takes either a condition or a block, not both', typeArg.span, {
      hint: 'e.g. `not path /admin/*` or `not { ... }`',
    });
    return null;
  }
  if (all.some((i) => i === null)) return null;
  const matcher: MatcherPlan = { kind: 'not', all: all as number[] };
  return ctx.table.intern(matcher);
}

function missingType(span: Span, r: Reporter): null {
  r.error('RWS4001', 'expected a matcher type before `{`', span, { hint: 'e.g. `path /a/*`' });
  return null;
}

function bindReporter(r: Reporter): Reporter {
  return { error: r.error.bind(r), warn: r.warn.bind(r) };
}

export function spanOf(args: readonly { readonly span: Span }[]): Span {
  return { file: args[0].span.file, start: args[0].span.start, end: args[args.length - 1].span.end };
}
