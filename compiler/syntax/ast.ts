/**
 * The syntax tree. The grammar knows shapes, not directive names: a file is lines of arguments, and a line
 * may open a block of further lines. What `reverse_proxy` or `example.com {` means is decided later by the
 * binder and the directive registry.
 *
 * Invariant: every node carries the span of its source text; nothing here depends on what a word means.
 */
import type { Span } from '../diagnostics/diagnostic.ts';

export interface SourceFile {
  /** Absolute path, or a pseudo-name like "<stdin>" / "<admin>". */
  readonly path: string;
  readonly text: string;
}

export type ArgKind =
  /** Bare word; may contain placeholders (`/new/{path.1}`) and backslash escapes. */
  | 'word'
  /** "double quoted": escapes \" \\ \n \t processed; placeholders kept. */
  | 'quoted'
  /** `backtick`: raw, no escapes. */
  | 'raw'
  /** <<MARKER ... MARKER: raw, common indentation of the closing marker removed. */
  | 'heredoc';

export interface Arg {
  readonly kind: ArgKind;
  /** The value after unquoting and escape processing. */
  readonly value: string;
  /** Exactly the source text. */
  readonly raw: string;
  readonly span: Span;
}

export interface Line {
  readonly args: readonly Arg[];
  readonly block: Block | null;
  /** From the first argument to the end of the line or the closing brace of its block. */
  readonly span: Span;
}

export interface Block {
  readonly open: Span;
  /** null when the closing brace is missing (a diagnostic says so). */
  readonly close: Span | null;
  readonly lines: readonly Line[];
}

export interface Comment {
  /** Including the leading '#'. */
  readonly text: string;
  readonly span: Span;
}

export interface Document {
  readonly file: SourceFile;
  readonly lines: readonly Line[];
  /** Every comment, in source order (the formatter and hover use them). */
  readonly comments: readonly Comment[];
}
