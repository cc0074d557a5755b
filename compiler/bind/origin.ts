/**
 * Origins: "file:line:col" strings that point plan nodes back at their source (excluded from the plan hash).
 *
 * Invariant: computed from offsets only here, with each file's line index built once.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import { lineIndexOf, type LineIndex } from '../diagnostics/line-index.ts';
import type { SourceFile } from '../syntax/ast.ts';

/** How many lines past the last one found are tried before a binary search (sites are a few lines apart). */
const SCAN_AHEAD = 16;

export class Origins {
  readonly #files = new Map<string, SourceFile>();
  // The line found last: origins are asked for mostly in source order, so the next one is on it or a few
  // lines further down.
  #path: string | null = null;
  #index: LineIndex | null = null;
  #line = 1;
  #lineStart = 0;
  #nextStart = 0;

  constructor(files: readonly SourceFile[]) {
    for (const f of files) this.#files.set(f.path, f);
  }

  of(span: Span): string {
    if (span.file !== this.#path) {
      const file = this.#files.get(span.file);
      if (file === undefined) return `${span.file}:0:0`;
      this.#path = span.file;
      this.#index = lineIndexOf(file);
      this.#moveTo(1);
    }
    const index = this.#index!;
    const offset = Math.min(Math.max(span.start, 0), index.text.length);
    if (offset < this.#lineStart || offset >= this.#nextStart) this.#find(index, offset);
    // join() makes one flat string; a template literal would leave a tree of concatenations in the plan for
    // every origin (tens of thousands in a large file: about twice the memory).
    return [span.file, this.#line, offset - this.#lineStart + 1].join(':');
  }

  #find(index: LineIndex, offset: number): void {
    if (offset >= this.#nextStart) {
      for (let i = 0; i < SCAN_AHEAD && this.#line < index.lineCount; i++) {
        this.#moveTo(this.#line + 1);
        if (offset < this.#nextStart) return;
      }
    }
    this.#moveTo(index.position(offset).line);
  }

  #moveTo(line: number): void {
    const index = this.#index!;
    this.#line = line;
    this.#lineStart = index.lineStart(line);
    this.#nextStart = line < index.lineCount ? index.lineStart(line + 1) : Infinity;
  }
}
