/**
 * Offset ↔ line/column for one source text, for the edges that print positions (CLI renderer, LSP adapter).
 * Offsets are UTF-16 code unit offsets (JavaScript string indices), as in Span. Lines and columns are
 * 1-based; a column counts UTF-16 code units from the start of its line (so an astral character such as
 * an emoji takes two columns, as in LSP's default position encoding). Lines end at `\n`; a `\r` before it
 * belongs to the line's text but is dropped by lineText().
 *
 * Invariant: the line starts are computed once, on first use, and positions are found by binary search.
 */
import type { SourceFile } from '../syntax/ast.ts';

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based UTF-16 column. */
  readonly column: number;
}

export class LineIndex {
  readonly text: string;
  #starts: number[] | null = null;

  constructor(text: string) {
    this.text = text;
  }

  /** Offsets at which each line starts; line n (1-based) starts at starts[n - 1]. */
  get #lineStarts(): number[] {
    if (this.#starts === null) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.#starts = starts;
    }
    return this.#starts;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** Line and column of an offset; offsets outside the text are clamped to it. */
  position(offset: number): Position {
    const at = clamp(offset, 0, this.text.length);
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column; both are clamped to the text (a column past the end of its line gives the line's end). */
  offset(line: number, column: number): number {
    const starts = this.#lineStarts;
    const l = clamp(line, 1, starts.length);
    return Math.min(starts[l - 1] + Math.max(column, 1) - 1, this.lineEnd(l));
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    const starts = this.#lineStarts;
    return starts[clamp(line, 1, starts.length) - 1];
  }

  /** Offset just past the last character of a 1-based line, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const starts = this.#lineStarts;
    const l = clamp(line, 1, starts.length);
    let end = l < starts.length ? starts[l] - 1 : this.text.length;
    if (end > starts[l - 1] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

const cache = new WeakMap<SourceFile, LineIndex>();

/** The line index of a source file, built once per SourceFile object. */
export function lineIndexOf(file: SourceFile): LineIndex {
  let index = cache.get(file);
  if (index === undefined || index.text !== file.text) {
    index = new LineIndex(file.text);
    cache.set(file, index);
  }
  return index;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}
