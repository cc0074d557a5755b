/**
 * Spans of parts of an argument, so a diagnostic can point at the bad unit in `10x` rather than the whole
 * word.
 *
 * Invariant: a sub-span is only computed when the argument's source text maps one-to-one onto its value
 * (a bare word, or a quoted/raw string without escapes); otherwise the whole argument's span is used.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Arg } from '../syntax/ast.ts';

/** The span of `arg.value.slice(start, end)` in the source, or the whole argument if that cannot be known. */
export function valueSpan(arg: Arg, start: number, end: number): Span {
  const offset = valueOffset(arg);
  if (offset === null) return arg.span;
  const from = arg.span.start + offset + start;
  const to = arg.span.start + offset + Math.max(end, start + 1);
  // An empty part at the very end (`10.0.0.1:` has an empty port) points at the last character instead, so the
  // span never leaves the argument (or the file).
  if (to > arg.span.end) return { file: arg.span.file, start: Math.max(arg.span.start, arg.span.end - 1), end: arg.span.end };
  if (from === arg.span.start && to === arg.span.end) return arg.span;
  return { file: arg.span.file, start: from, end: to };
}

function valueOffset(arg: Arg): number | null {
  if (arg.raw === arg.value) return 0;
  if ((arg.kind === 'quoted' || arg.kind === 'raw') && arg.raw.slice(1, -1) === arg.value) return 1;
  return null;
}

/** The part `arg.value.slice(start, end)` as an argument of its own, for parsing a piece with a value parser. */
export function subArg(arg: Arg, start: number, end: number = arg.value.length): Arg {
  const value = arg.value.slice(start, end);
  return { kind: arg.kind, value, raw: value, span: valueSpan(arg, start, end) };
}
