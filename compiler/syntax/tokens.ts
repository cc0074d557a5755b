/**
 * Token shapes of the Rwsfile language. Directive names are not keywords: the lexer knows words, strings,
 * braces, matcher references, comments and new lines. The TextMate grammar is generated from these too.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const HEREDOC_START = /<<([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/y;

/** Matches `<<MARKER\n ... \n  MARKER`: the closing marker starts its line (any indentation); arguments may follow it. */
function matchHeredoc(text: string, offset: number): RegExpExecArray | null {
  HEREDOC_START.lastIndex = offset;
  const head = HEREDOC_START.exec(text);
  if (head === null) return null;
  const marker = head[1];
  let pos = offset + head[0].length;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const close = /^[ \t]*/.exec(line)![0].length;
    if (line.startsWith(marker, close) && /^(?:[ \t]|$)/.test(line.slice(close + marker.length))) {
      const end = pos + close + marker.length;
      const match = [text.slice(offset, end)] as unknown as RegExpExecArray;
      match.index = offset;
      match.input = text;
      return match;
    }
    pos = eol + 1;
  }
  return null;
}

/** `<<MARKER\n` with no closing line: consumed to the end of the file and reported. */
function matchUnterminatedHeredoc(text: string, offset: number): RegExpExecArray | null {
  HEREDOC_START.lastIndex = offset;
  if (HEREDOC_START.exec(text) === null) return null;
  const match = [text.slice(offset)] as unknown as RegExpExecArray;
  match.index = offset;
  match.input = text;
  return match;
}

// A word: any run of characters except white space, braces and quotes, where a `{...}` with no white space
// inside (a placeholder like {path.1} or {$ENV:default}) also counts as part of the word. It may not start with
// '#', which starts a comment.
const WORD_CHAR = String.raw`(?:[^\s{}"\x60\\]|\\[^\s]|\{[^\s{}]*\})`;
const WORD_START = String.raw`(?:[^\s{}"\x60#\\]|\\[^\s]|\{[^\s{}]*\})`;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });
export const Heredoc = createToken({
  name: 'Heredoc',
  pattern: { exec: matchHeredoc },
  line_breaks: true,
  start_chars_hint: ['<'],
});
export const UnterminatedHeredoc = createToken({
  name: 'UnterminatedHeredoc',
  pattern: { exec: matchUnterminatedHeredoc },
  line_breaks: true,
  start_chars_hint: ['<'],
});
export const Quoted = createToken({ name: 'Quoted', pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true });
export const UnterminatedQuoted = createToken({ name: 'UnterminatedQuoted', pattern: /"(?:[^"\\]|\\[\s\S])*/, line_breaks: true });
export const Backtick = createToken({ name: 'Backtick', pattern: /`[^`]*`/, line_breaks: true });
export const UnterminatedBacktick = createToken({ name: 'UnterminatedBacktick', pattern: /`[^`]*/, line_breaks: true });
export const Word = createToken({ name: 'Word', pattern: new RegExp(`${WORD_START}${WORD_CHAR}*`) });
export const MatcherRef = createToken({ name: 'MatcherRef', pattern: /@[A-Za-z0-9_][A-Za-z0-9_.\-]*/, longer_alt: Word });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
/** A lone backslash at the end of a word or line: kept as a word so nothing is lost. */
export const Stray = createToken({ name: 'Stray', pattern: /[\s\S]/ });

/** Order matters: the first pattern that matches wins (longer_alt aside). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  Comment,
  Heredoc,
  UnterminatedHeredoc,
  Quoted,
  UnterminatedQuoted,
  Backtick,
  UnterminatedBacktick,
  MatcherRef,
  Word,
  LBrace,
  RBrace,
  Stray,
];

export const RwsLexer = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'full' });
