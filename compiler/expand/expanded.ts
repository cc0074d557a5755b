/**
 * The expanded document: the Rwsfile with imports pasted, snippet arguments and `{$ENV}` substituted, and the
 * top level sorted into the global options block and site blocks.
 *
 * Invariant: every line keeps the span of its real source text (the imported file or the snippet body), and
 * `via` lists the import lines it was pasted through, so a diagnostic inside imported content can say where it
 * was imported.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Block, Line, SourceFile } from '../syntax/ast.ts';

export interface ExpandedLine extends Line {
  readonly block: ExpandedBlock | null;
  /** Spans of the `import` lines this line was pasted through, innermost first; empty when written in place. */
  readonly via: readonly Span[];
}

export interface ExpandedBlock extends Block {
  readonly lines: readonly ExpandedLine[];
}

export interface SnippetInfo {
  readonly name: string;
  /** The `(name)` word. */
  readonly nameSpan: Span;
  /** The whole definition, `(name) { ... }`. */
  readonly span: Span;
  /** Imported at least once. */
  readonly used: boolean;
}

/** One `{$NAME}` / `{$NAME:default}` substitution (for hover in the language server). */
export interface EnvUse {
  readonly name: string;
  /** The variable's value, or null when it was unset. */
  readonly value: string | null;
  readonly defaultValue: string | null;
  /** The argument it appeared in. */
  readonly span: Span;
}

export interface ExpandedDocument {
  /** The main file first, then every imported file in the order first read. */
  readonly files: readonly SourceFile[];
  /** The global options block (`{ ... }` as the first line of the main file), or null. */
  readonly global: ExpandedLine | null;
  /** Site blocks, in source order (imports pasted in place). */
  readonly sites: readonly ExpandedLine[];
  readonly snippets: readonly SnippetInfo[];
  readonly env: readonly EnvUse[];
}
