/**
 * Where a cursor is in a syntax tree: the lines whose blocks enclose it, the line it is on, and the argument
 * it touches (or the index a new argument would take). Works on broken trees: the parser recovers, and an
 * unclosed block simply runs to the end of the file.
 *
 * Invariant: reads only the syntax tree and the text it was parsed from.
 */
import type { Arg, Document, Line } from '../../compiler/syntax/ast.ts';
import { lineIndex } from '../workspace/positions.ts';

export interface Cursor {
  readonly offset: number;
  /** Lines whose block contains the cursor, outermost first. */
  readonly path: readonly Line[];
  /** The line the cursor is on (in the innermost block), or null on an empty line. */
  readonly line: Line | null;
  /** Index in `line.args` of the argument the cursor touches, or where a new one would go. */
  readonly argIndex: number;
  /** The argument the cursor is in or at the end of; null between arguments. */
  readonly arg: Arg | null;
  /** The text of `arg` before the cursor ('' without an argument). */
  readonly prefix: string;
}

export function cursorAt(doc: Document, offset: number): Cursor {
  const path: Line[] = [];
  let lines = doc.lines;
  for (;;) {
    const enclosing = lines.find((l) => l.block !== null && l.block.open.end <= offset && (l.block.close === null || offset <= l.block.close.start));
    if (enclosing === undefined) break;
    path.push(enclosing);
    lines = enclosing.block!.lines;
  }
  const text = doc.file.text;
  const index = lineIndex(text);
  const cursorLine = index.position(offset).line;
  const line =
    lines.find((l) => {
      if (l.args.length === 0 || l.args[0].span.start > offset) return false;
      if (l.block !== null && offset > l.block.open.start) return false;
      const last = l.args[l.args.length - 1];
      return offset <= last.span.end || index.position(last.span.end).line === cursorLine;
    }) ?? null;
  if (line === null) return { offset, path, line: null, argIndex: 0, arg: null, prefix: '' };
  let argIndex = 0;
  while (argIndex < line.args.length && line.args[argIndex].span.end < offset) argIndex++;
  const touched = line.args[argIndex];
  const arg = touched !== undefined && touched.span.start <= offset ? touched : null;
  return { offset, path, line, argIndex, arg, prefix: arg === null ? '' : text.slice(arg.span.start, offset) };
}
