/**
 * Widening a span to whole lines (leading indentation and the line break included) for "delete this" fixes.
 *
 * Invariant: the widened span only adds white space and one line break to the original.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../syntax/ast.ts';

export function wholeLines(span: Span, files: readonly SourceFile[]): Span {
  const text = files.find((f) => f.path === span.file)?.text;
  if (text === undefined) return span;
  let start = span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n') start = span.start;
  let end = span.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === '\r')) end++;
  if (end < text.length && text[end] === '\n') end++;
  else if (end < text.length) end = span.end;
  return { file: span.file, start, end };
}
