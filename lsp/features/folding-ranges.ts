/**
 * Folding ranges: every block that spans lines, runs of comment lines, and multi-line strings (heredocs).
 *
 * Needs: the parsed state.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Document, Line } from '../../compiler/syntax/ast.ts';
import { lineIndex } from '../workspace/positions.ts';

export function foldingRanges(doc: Document): FoldingRange[] {
  const index = lineIndex(doc.file.text);
  const lineOf = (offset: number): number => index.position(offset).line - 1;
  const out: FoldingRange[] = [];
  const walk = (lines: readonly Line[]): void => {
    for (const line of lines) {
      for (const arg of line.args) {
        const start = lineOf(arg.span.start);
        const end = lineOf(arg.span.end);
        if (end > start) out.push({ startLine: start, endLine: end });
      }
      if (line.block === null) continue;
      const start = lineOf(line.block.open.start);
      const end = line.block.close === null ? index.lineCount - 1 : lineOf(line.block.close.start) - 1;
      if (end > start) out.push({ startLine: start, endLine: end });
      walk(line.block.lines);
    }
  };
  walk(doc.lines);
  let run: { start: number; end: number } | null = null;
  for (const c of doc.comments) {
    const line = lineOf(c.span.start);
    if (run !== null && line === run.end + 1) run.end = line;
    else {
      if (run !== null && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
      run = { start: line, end: line };
    }
  }
  if (run !== null && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
  return out.sort((a, b) => a.startLine - b.startLine);
}
