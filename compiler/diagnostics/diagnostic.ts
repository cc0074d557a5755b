/**
 * Diagnostics are data: every stage returns them next to its value and never throws on user error.
 * Positions are offsets into a source file; line/column are computed only at the edges (CLI, LSP).
 */
import type { DiagnosticCode } from './codes.ts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Half-open range [start, end) of UTF-16 offsets into the text of `file` (a path, as in SourceFile.path). */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Note {
  readonly message: string;
  readonly span?: Span;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A suggested fix, applied by `rws fmt`-free tooling (LSP code actions) or shown as a hint. */
export interface Fix {
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly notes: readonly Note[];
  /** Short advice shown as "help: ..." (e.g. did you mean `reverse_proxy`?). */
  readonly hint?: string;
  readonly fix?: Fix;
}

/** The result of every compiler stage. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
