/**
 * Origins: "file:line:col" strings that point plan nodes back at their source (excluded from the plan hash).
 *
 * Invariant: computed from offsets only here, with each file's line index built once.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import { lineIndexOf } from '../diagnostics/line-index.ts';
import type { SourceFile } from '../syntax/ast.ts';

export class Origins {
  readonly #files = new Map<string, SourceFile>();

  constructor(files: readonly SourceFile[]) {
    for (const f of files) this.#files.set(f.path, f);
  }

  of(span: Span): string {
    const file = this.#files.get(span.file);
    if (file === undefined) return `${span.file}:0:0`;
    const { line, column } = lineIndexOf(file).position(span.start);
    // join() builds one flat string; a template literal would keep a tree of three concatenations alive in
    // the plan for every origin (tens of thousands of them in a large file).
    return [span.file, line, column].join(':');
  }
}
