/**
 * `rws fmt`: canonical layout of an Rwsfile from its syntax tree (see printer.ts for the rules).
 *
 * Invariant: a file with syntax errors is never formatted (formatText returns null text): the formatter does
 * not guess what broken input meant.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import type { Document } from '../syntax/ast.ts';
import { parse } from '../syntax/parser.ts';
import { Printer } from './printer.ts';

export interface FormatResult {
  /** The formatted text; null when the file has syntax errors (see diagnostics). */
  readonly text: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Print a parsed document canonically. Meant for documents without syntax errors; never throws on others. */
export function format(doc: Document): string {
  return new Printer(doc).print();
}

/** Parse and format one file. */
export function formatText(path: string, text: string): FormatResult {
  const parsed = parse({ path, text });
  if (hasErrors(parsed.diagnostics)) return { text: null, diagnostics: parsed.diagnostics };
  return { text: format(parsed.value), diagnostics: parsed.diagnostics };
}
