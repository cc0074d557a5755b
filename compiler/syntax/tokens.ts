/**
 * Token shapes of the Rwsfile language. Directive names are not keywords: the lexer knows words, strings,
 * braces, matcher references, comments and new lines. The TextMate grammar is generated from these too.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** The head of a heredoc (`<<MARKER` and the line break); the TextMate grammar is generated from it. */
export const HEREDOC_START = /<<([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/y;

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

/** A sticky regexp run at `offset` (Chevrotain's custom-pattern signature). */
function stickyExec(pattern: RegExp, text: string, offset: number): RegExpExecArray | null {
  pattern.lastIndex = offset;
  return pattern.exec(text);
}

/** Every UTF-16 code unit that `excluded` does not match: start characters of patterns that take almost anything. */
function charCodesExcept(excluded: RegExp | null): number[] {
  const codes: number[] = [];
  for (let code = 0; code <= 0xffff; code++) if (excluded === null || !excluded.test(String.fromCharCode(code))) codes.push(code);
  return codes;
}

// A word: any run of characters except white space, braces and quotes, where a `{...}` with no white space
// inside (a placeholder like {path.1} or {$ENV:default}) also counts as part of the word. It may not start with
// '#', which starts a comment.
export const WORD_CHAR = String.raw`(?:[^\s{}"\x60\\]|\\[^\s]|\{[^\s{}]*\})`;
export const WORD_START = String.raw`(?:[^\s{}"\x60#\\]|\\[^\s]|\{[^\s{}]*\})`;

/** The category of every token that is an argument (words, matcher references, strings, heredocs, strays). */
export const ArgToken = createToken({ name: 'ArgToken', pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });
export const Heredoc = createToken({
  name: 'Heredoc',
  categories: [ArgToken],
  pattern: { exec: matchHeredoc },
  line_breaks: true,
  start_chars_hint: ['<'],
});
export const UnterminatedHeredoc = createToken({
  name: 'UnterminatedHeredoc',
  categories: [ArgToken],
  pattern: { exec: matchUnterminatedHeredoc },
  line_breaks: true,
  start_chars_hint: ['<'],
});
export const Quoted = createToken({ name: 'Quoted', categories: [ArgToken], pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true });
export const UnterminatedQuoted = createToken({ name: 'UnterminatedQuoted', categories: [ArgToken], pattern: /"(?:[^"\\]|\\[\s\S])*/, line_breaks: true });
export const Backtick = createToken({ name: 'Backtick', categories: [ArgToken], pattern: /`[^`]*`/, line_breaks: true });
export const UnterminatedBacktick = createToken({ name: 'UnterminatedBacktick', categories: [ArgToken], pattern: /`[^`]*/, line_breaks: true });
const WORD = new RegExp(`${WORD_START}${WORD_CHAR}*`, 'y');
export const Word = createToken({
  name: 'Word',
  categories: [ArgToken],
  pattern: { exec: (text: string, offset: number) => stickyExec(WORD, text, offset) },
  line_breaks: false,
  start_chars_hint: charCodesExcept(/[\s}"`#]/),
});
export const MatcherRef = createToken({ name: 'MatcherRef', categories: [ArgToken], pattern: /@[A-Za-z0-9_][A-Za-z0-9_.\-]*/, longer_alt: Word });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
const ANY_CHAR = /[\s\S]/y;
/** A lone backslash at the end of a word or line: kept as a word so nothing is lost. */
export const Stray = createToken({
  name: 'Stray',
  categories: [ArgToken],
  pattern: { exec: (text: string, offset: number) => stickyExec(ANY_CHAR, text, offset) },
  line_breaks: true,
  start_chars_hint: charCodesExcept(null),
});

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

/**
 * Offsets only (line/column are computed at the edges from offsets), and the first-char optimisation is required:
 * a token type whose start characters Chevrotain cannot work out (a complement class like `[^\s]`) must be a
 * custom pattern with `start_chars_hint`, or the lexer would try every pattern at every character.
 */
export const RwsLexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset' });
