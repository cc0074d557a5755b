/**
 * Offsets ↔ LSP positions. Compiler spans are UTF-16 offsets, like LSP's default position encoding, so a
 * position is the (0-based) line and the offset within it.
 *
 * Invariant: the only place that converts between the two; line starts come from the compiler's LineIndex.
 */
import type { Position, Range } from 'vscode-languageserver';
import { LineIndex } from '../../compiler/diagnostics/line-index.ts';

const byText = new Map<string, LineIndex>();

/** The line index of a text (cached for the last few texts seen). */
export function lineIndex(text: string): LineIndex {
  let index = byText.get(text);
  if (index === undefined) {
    index = new LineIndex(text);
    if (byText.size >= 16) byText.delete(byText.keys().next().value!);
    byText.set(text, index);
  }
  return index;
}

export function positionAt(text: string, offset: number): Position {
  const p = lineIndex(text).position(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

export function offsetAt(text: string, position: Position): number {
  return lineIndex(text).offset(position.line + 1, position.character + 1);
}

export function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}
