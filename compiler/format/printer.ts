/**
 * The formatter's walk: the syntax tree plus the comment queue → canonical lines.
 *
 * Layout rules: one tab per block level; arguments from their raw source text, one space apart (so quoting,
 * escapes, heredoc bodies and multi-line strings are kept byte for byte); `{` ends the line that opens a
 * block and `}` stands on its own line; blank lines between items are kept but collapsed to one, and
 * dropped at the start of the file, right after `{`, before `}` and at the end of the file; own-line
 * comments are indented to their block level, trailing comments follow their code after one space; site
 * address lists are printed `a.com, b.com {` (site-address.ts). One exception keeps meaning: a bare word
 * like `<<EOF` is never followed by a new line it did not have (that would start a heredoc), so its `}`
 * stays on its line and, at the end of the file, no final new line is added.
 *
 * Invariant: the printed text parses to the same lines, arguments (kind and value) and comments, in the
 * same order: formatting never changes meaning, and printing its own output changes nothing.
 */
import type { Arg, Document, Line } from '../syntax/ast.ts';
import { CommentQueue, commentText } from './comment-queue.ts';
import { formatAddressList } from './site-address.ts';

export class Printer {
  readonly #doc: Document;
  readonly #text: string;
  readonly #comments: CommentQueue;
  readonly #out: string[] = [];
  /**
   * The last printed line ends with a bare word like `<<EOF` (possible only where the source had `}` or the end
   * of the file right after it): a new line after it would start a heredoc, so none may follow.
   */
  #heredocLike = false;

  constructor(doc: Document) {
    this.#doc = doc;
    this.#text = doc.file.text;
    this.#comments = new CommentQueue(doc.file.text, doc.comments);
  }

  print(): string {
    this.#lines(this.#doc.lines, 0, Number.POSITIVE_INFINITY);
    if (this.#out.length === 0) return '';
    return this.#out.join('\n') + (this.#heredocLike ? '' : '\n');
  }

  /** The lines of one block level, then the own-line comments left before `end` (the `}` or end of file). */
  #lines(lines: readonly Line[], depth: number, end: number): void {
    // End offset of the previous item at this level; null at the start of a block or of the file.
    let previous: number | null = null;
    for (const line of lines) {
      previous = this.#ownLineComments(line.span.start, depth, previous);
      this.#separate(previous, line.span.start);
      previous = this.#line(line, depth);
    }
    this.#ownLineComments(end, depth, previous);
  }

  #ownLineComments(before: number, depth: number, previous: number | null): number | null {
    for (let c = this.#comments.takeBefore(before); c !== null; c = this.#comments.takeBefore(before)) {
      this.#separate(previous, c.span.start);
      this.#emit(depth, commentText(c));
      previous = c.span.end;
    }
    return previous;
  }

  /** Returns the offset where the line (with its trailing comment) ends. */
  #line(line: Line, depth: number): number {
    const head = this.#head(line, depth);
    const block = line.block;
    if (block === null) {
      const last = line.args[line.args.length - 1];
      return this.#emitCode(depth, head, last.span.end, isHeredocLike(last));
    }
    this.#emitCode(depth, head === '' ? '{' : `${head} {`, block.open.end);
    const close = block.close ?? { start: this.#text.length, end: this.#text.length };
    this.#lines(block.lines, depth + 1, close.start);
    if (this.#heredocLike) {
      // `respond <<EOF }`: the brace stays on the line, as in the source.
      const code = this.#out.pop()!;
      return this.#emitCode(0, `${code} }`, close.end);
    }
    return this.#emitCode(depth, '}', close.end);
  }

  #head(line: Line, depth: number): string {
    const isSite = depth === 0 && line.block !== null && line.args.length > 0 && !line.args[0].raw.startsWith('(');
    return (isSite ? formatAddressList(line.args) : null) ?? line.args.map((a) => a.raw).join(' ');
  }

  /** One line of code, with the comment that trails it in the source; returns where that source ends. */
  #emitCode(depth: number, code: string, end: number, heredocLike = false): number {
    const trailing = this.#comments.takeTrailing(end);
    this.#emit(depth, trailing === null ? code : `${code} ${commentText(trailing)}`);
    this.#heredocLike = heredocLike && trailing === null;
    return trailing === null ? end : trailing.span.end;
  }

  /** A blank line when the source had one (or more) between the previous item and the next. */
  #separate(previous: number | null, start: number): void {
    if (previous === null) return;
    const gap = this.#text.slice(previous, start);
    const first = gap.indexOf('\n');
    if (first !== -1 && gap.indexOf('\n', first + 1) !== -1) this.#out.push('');
  }

  #emit(depth: number, code: string): void {
    this.#out.push('\t'.repeat(depth) + code);
    this.#heredocLike = false;
  }
}

/** A bare word that would start a heredoc if a new line followed it. */
function isHeredocLike(arg: Arg): boolean {
  return arg.kind === 'word' && /^<<[A-Za-z_][A-Za-z0-9_]*$/.test(arg.raw);
}
