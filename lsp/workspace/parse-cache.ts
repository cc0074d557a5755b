/**
 * Syntax trees by path, reused while a file's text is unchanged: the compiler gets this as its `parse`
 * function, so a keystroke re-parses only the buffer that changed, and the features read the same tree the
 * diagnostics came from. An edit inside one top-level block re-parses only that block (incremental-parse.ts).
 *
 * Invariant: an entry is returned only for exactly the text it was parsed from.
 */
import type { Result } from '../../compiler/diagnostics/diagnostic.ts';
import type { Document, SourceFile } from '../../compiler/syntax/ast.ts';
import { parse } from '../../compiler/syntax/parser.ts';
import { reparse } from './incremental-parse.ts';

export class ParseCache {
  readonly #entries = new Map<string, Result<Document>>();

  /** The syntax tree of `file` (parsed now unless this exact text was parsed before). */
  readonly parse = (file: SourceFile): Result<Document> => {
    const cached = this.#entries.get(file.path);
    if (cached !== undefined && cached.value.file.text === file.text) return cached;
    const parsed = (cached === undefined ? null : reparse(cached, file)) ?? parse(file);
    this.#entries.set(file.path, parsed);
    return parsed;
  };

  forget(path: string): void {
    this.#entries.delete(path);
  }
}
