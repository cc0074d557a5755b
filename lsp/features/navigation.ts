/**
 * Go to definition, find references and rename for named matchers, snippets and upstream pools, across
 * every file of the root's compile (imports included).
 *
 * Needs: the checked state (the symbol index of the file's root).
 */
import { dirname, resolve } from 'node:path';
import picomatch from 'picomatch';
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { Span } from '../../compiler/diagnostics/diagnostic.ts';
import { POOL_NAME } from '../../compiler/directives/upstream-names.ts';
import type { Document } from '../../compiler/syntax/ast.ts';
import { roleOf } from '../syntax/arg-role.ts';
import { contextOf } from '../syntax/block-context.ts';
import { cursorAt } from '../syntax/cursor.ts';
import type { Occurrence, SymbolIndex } from '../symbols/symbol-index.ts';

/** Turns a span of any file of the analysis into an LSP location. */
export type Locate = (span: Span) => Location | null;

export function definition(symbols: SymbolIndex, file: string, offset: number, locate: Locate): Location[] {
  const keys = keysAt(symbols, file, offset);
  return unique(keys.flatMap((k) => symbols.definitions(k))).map((o) => locate(o.span)).filter((l): l is Location => l !== null);
}

/** `import path/file.rws`: the start of the imported file, when the compile read it (globs: every file it matched). */
export function importedFiles(doc: Document, offset: number, files: readonly string[], locate: Locate): Location[] {
  const cursor = cursorAt(doc, offset);
  if (cursor.line === null || cursor.arg === null || roleOf(contextOf(cursor.path), cursor.line, cursor.argIndex).kind !== 'import-target') return [];
  const target = resolve(dirname(doc.file.path), cursor.arg.value);
  const matches = picomatch(target, { dot: true });
  const matched = files.filter((f) => f === target || matches(f));
  return matched.map((f) => locate({ file: f, start: 0, end: 0 })).filter((l): l is Location => l !== null);
}

export function references(symbols: SymbolIndex, file: string, offset: number, includeDeclaration: boolean, locate: Locate): Location[] {
  const keys = keysAt(symbols, file, offset);
  return unique(keys.flatMap((k) => symbols.occurrences(k)))
    .filter((o) => includeDeclaration || o.role === 'reference')
    .map((o) => locate(o.span))
    .filter((l): l is Location => l !== null);
}

/** Every occurrence in this file of the name under the cursor (definitions as writes). */
export function highlights(symbols: SymbolIndex, file: string, offset: number, locate: Locate): DocumentHighlight[] {
  return unique(keysAt(symbols, file, offset).flatMap((k) => symbols.occurrences(k)))
    .filter((o) => o.span.file === file)
    .flatMap((o) => {
      const location = locate(o.span);
      return location === null ? [] : [{ range: location.range, kind: o.role === 'definition' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }];
    });
}

/** The range of the name under the cursor, when it can be renamed. */
export function prepareRename(symbols: SymbolIndex, file: string, offset: number, locate: Locate): Range | null {
  const here = symbols.at(file, offset)[0];
  return here === undefined ? null : (locate(here.span)?.range ?? null);
}

export type RenameResult = { readonly kind: 'edit'; readonly edit: WorkspaceEdit } | { readonly kind: 'invalid'; readonly message: string } | { readonly kind: 'none' };

const MATCHER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const SNIPPET_NAME = /^[^\s(){}"`#@]+$/;

export function rename(symbols: SymbolIndex, file: string, offset: number, newName: string, locate: Locate, uriOf: (path: string) => string): RenameResult {
  const here = symbols.at(file, offset)[0];
  if (here === undefined) return { kind: 'none' };
  const name = here.kind === 'matcher' && newName.startsWith('@') ? newName.slice(1) : newName;
  const valid = here.kind === 'matcher' ? MATCHER_NAME : here.kind === 'pool' ? POOL_NAME : SNIPPET_NAME;
  if (!valid.test(name)) return { kind: 'invalid', message: `\`${newName}\` is not a valid ${here.kind} name` };
  const changes: Record<string, { range: Range; newText: string }[]> = {};
  for (const o of unique(keysAt(symbols, file, offset).flatMap((k) => symbols.occurrences(k)))) {
    const location = locate(o.span);
    if (location === null) continue;
    (changes[uriOf(o.span.file)] ??= []).push({ range: location.range, newText: name });
  }
  return { kind: 'edit', edit: { changes } };
}

/** Symbols at the offset (a snippet body's matcher belongs to every site that imports it). */
function keysAt(symbols: SymbolIndex, file: string, offset: number): string[] {
  return [...new Set(symbols.at(file, offset).map((o) => o.key))];
}

function unique(list: readonly Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const id = `${o.span.file}\0${o.span.start}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
