/**
 * The comments of a document, handed out in source order as the printer walks the tree: each comment is
 * either a trailing comment (after code on the same line) or an own-line comment (before the next thing).
 *
 * Invariant: every comment is handed out exactly once, in source order; rest() returns what is left.
 */
import type { Comment } from '../syntax/ast.ts';

const SAME_LINE_GAP = /^[^\S\n]*$/;

export class CommentQueue {
  readonly #text: string;
  readonly #comments: readonly Comment[];
  #next = 0;

  constructor(text: string, comments: readonly Comment[]) {
    this.#text = text;
    this.#comments = [...comments].sort((a, b) => a.span.start - b.span.start);
  }

  /** The next comment if it follows `offset` on the same line with only white space in between. */
  takeTrailing(offset: number): Comment | null {
    const c = this.#comments[this.#next];
    if (c === undefined || c.span.start < offset || !SAME_LINE_GAP.test(this.#text.slice(offset, c.span.start))) return null;
    this.#next++;
    return c;
  }

  /** The next comment if it starts before `offset` (an own-line comment before the thing at `offset`). */
  takeBefore(offset: number): Comment | null {
    const c = this.#comments[this.#next];
    if (c === undefined || c.span.start >= offset) return null;
    this.#next++;
    return c;
  }
}

/** Comment text as printed: trailing white space (and a CR) is dropped. */
export function commentText(c: Comment): string {
  return c.text.trimEnd();
}
