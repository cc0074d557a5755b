/**
 * Site address lists in canonical form: `a.com,b.com {` and `a.com ,b.com {` become `a.com, b.com {`.
 * Commas separate addresses wherever they are (inside a word or on their own), so moving them never changes
 * meaning; commas inside a placeholder (`{$HOSTS:a.com,b.com}`) or escaped (`\,`) are not separators.
 *
 * Invariant: only white space around separator commas changes; the characters of every address are kept.
 */
import type { Arg } from '../syntax/ast.ts';

type Piece = { readonly kind: 'address'; readonly text: string } | { readonly kind: 'comma' };

/** The printed address list, or null when the args are not plain words (then they are printed as they are). */
export function formatAddressList(args: readonly Arg[]): string | null {
  if (args.length === 0 || args.some((a) => a.kind !== 'word')) return null;
  const pieces = args.flatMap((a) => split(a.raw));
  // `a.com,#x` is one word; `a.com, #x` would start a comment.
  if (pieces.some((p) => p.kind === 'address' && p.text.startsWith('#'))) return null;
  let out = '';
  let previous: Piece['kind'] | null = null;
  for (const piece of pieces) {
    if (piece.kind === 'comma') {
      out += ',';
    } else {
      if (previous !== null) out += ' ';
      out += piece.text;
    }
    previous = piece.kind;
  }
  return out;
}

/** Split one word at its separator commas. */
function split(word: string): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      if (i > start) pieces.push({ kind: 'address', text: word.slice(start, i) });
      pieces.push({ kind: 'comma' });
      start = i + 1;
    }
  }
  if (start < word.length) pieces.push({ kind: 'address', text: word.slice(start) });
  return pieces;
}
