/**
 * The lexical pieces of the grammar, as Oniguruma pattern strings derived from the compiler's own patterns
 * (compiler/syntax/tokens.ts and the few value and expansion regexps that give words a meaning).
 *
 * Invariant: nothing here restates a token by hand. A token whose TextMate form cannot be its own source (a
 * string that may span lines becomes a begin/end region) is checked against the source it was written for, so a
 * change in tokens.ts stops the generator instead of leaving the grammar quietly behind.
 */
import { NAME as PLACEHOLDER_NAME } from '../compiler/bind/template.ts';
import { ENV_REF } from '../compiler/expand/env.ts';
import { ARGS_REF } from '../compiler/expand/snippet-args.ts';
import { NAME as SNIPPET_NAME } from '../compiler/expand/snippets.ts';
import { Backtick, Comment, HEREDOC_START, MatcherRef, Quoted, WORD_CHAR, WORD_START } from '../compiler/syntax/tokens.ts';
import { UNIT_MS } from '../compiler/values/duration.ts';
import { UNIT_BYTES } from '../compiler/values/size.ts';

/** A regexp's source without its `^...$` anchors (for patterns that test a whole value). */
function unanchored(re: RegExp): string {
  const src = re.source;
  if (!src.startsWith('^') || !src.endsWith('$')) throw new Error(`grammar: expected an anchored regexp, got /${src}/`);
  return src.slice(1, -1);
}

/** The source of a token type's RegExp pattern, checked against the form the grammar was written for. */
function tokenSource(token: { name: string; PATTERN?: unknown }, expected: string): string {
  const pattern = token.PATTERN;
  const source = pattern instanceof RegExp ? pattern.source : String(pattern);
  if (source !== expected) {
    throw new Error(`grammar: token ${token.name} is now /${source}/ (the grammar knows /${expected}/): update grammar/lexical.ts`);
  }
  return source;
}

/** Longest first, so `ms` is tried before `m` and `kib` before `kb`. */
function alternation(words: Iterable<string>): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(escapeRegExp)
    .join('|');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** One word character (a `{...}` with no white space inside counts as part of a word). */
export const wordChar = WORD_CHAR;
/** The first character of a word (a `{...}` placeholder counts as one). */
export const wordStart = WORD_START;
/** A whole word, as the lexer reads it. */
export const word = `${WORD_START}${WORD_CHAR}*`;
/** After a word: the next character cannot continue it. */
export const wordEnd = `(?!${WORD_CHAR})`;
/** A `{` that opens a block (a `{...}` with no white space inside is a placeholder inside a word instead). */
export const blockOpen = `(?!${WORD_START})\\{`;
export const blockClose = '\\}';
/** Where a line of a block may start: at the start of a text line, or right after its block's `{`. */
export const lineStart = '(?:^|(?<=\\{))[ \\t]*';

export const comment = tokenSource(Comment, '#[^\\n]*');

// Strings may span lines, so they are regions: the grammar knows these exact token patterns.
tokenSource(Quoted, '"(?:[^"\\\\]|\\\\[\\s\\S])*"');
tokenSource(Backtick, '`[^`]*`');
export const quoted = { begin: '"', end: '"', escapedQuote: '\\\\"', anyEscape: '\\\\[\\s\\S]' } as const;
export const backtick = { begin: '`', end: '`' } as const;

/** `<<MARKER` at the end of a line: group 1 is `<<`, group 2 the marker (the heredoc's end refers to it). */
export const heredoc = (() => {
  const src = HEREDOC_START.source;
  const line = '\\r?\\n';
  if (!src.startsWith('<<(') || !src.endsWith(line)) throw new Error(`grammar: the heredoc head /${src}/ changed shape: update grammar/lexical.ts`);
  return {
    begin: `(<<)${src.slice(2, -line.length)}$`,
    /** The closing marker starts its line (any indentation); arguments may follow it. */
    end: '^[ \\t]*(\\2)(?=[ \\t]|$)',
  };
})();

export const matcherRef = `${MatcherRef.PATTERN instanceof RegExp ? MatcherRef.PATTERN.source : ''}${wordEnd}`;
if (!matcherRef.startsWith('@')) throw new Error('grammar: MatcherRef must be a RegExp starting with @');

export const envPlaceholder = ENV_REF.source;
export const snippetArg = ARGS_REF.source;
export const placeholder = `\\{${unanchored(PLACEHOLDER_NAME)}\\}`;
/** `\{` and `\}` stand for literal braces in templates. */
export const escapedBrace = '\\\\[{}]';

export const snippetDefinition = `(\\()(${unanchored(SNIPPET_NAME)})(\\))${wordEnd}`;

const DECIMAL = '(?:\\d+(?:\\.\\d+)?|\\.\\d+)';
export const duration = `(?:${DECIMAL}(?:${alternation(Object.keys(UNIT_MS))}))+${wordEnd}`;
/** Size units are case-insensitive (`64kb`, `10MiB`). */
export const size = `${DECIMAL}(?i:${alternation(Object.keys(UNIT_BYTES))})${wordEnd}`;
export const number = `-?${DECIMAL}${wordEnd}`;

/** Any of `names` as a whole word. */
export function oneOf(names: Iterable<string>): string {
  return `(?:${alternation(names)})${wordEnd}`;
}
