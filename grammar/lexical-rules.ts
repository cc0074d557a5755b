/**
 * Repository rules for the parts of a line that mean the same everywhere: comments, strings, placeholders,
 * numbers, matcher references and plain words.
 *
 * Invariant: each rule consumes whole tokens as the lexer cuts them (a word is never split into two tokens).
 */
import * as lex from './lexical.ts';
import { SCOPES } from './scopes.ts';
import type { Rule } from './textmate.ts';

/** `#name` references to the rules below. */
export const ref = {
  comment: '#comment',
  strings: '#strings',
  templateParts: '#template-parts',
  rawTemplateParts: '#raw-template-parts',
  args: '#args',
  word: '#word',
} as const;

const include = (name: string): Rule => ({ include: name });

/** Everything placeholders can be in a word, a quoted string or a heredoc: env refs, snippet args, placeholders. */
function templateParts(withEnv: boolean): Rule {
  return {
    patterns: [
      { name: SCOPES.escape, match: lex.escapedBrace },
      ...(withEnv ? [{ name: SCOPES.envPlaceholder, match: lex.envPlaceholder }] : []),
      { name: SCOPES.snippetArg, match: lex.snippetArg },
      { name: SCOPES.placeholder, match: lex.placeholder },
    ],
  };
}

export function lexicalRepository(): Record<string, Rule> {
  return {
    comment: { name: SCOPES.comment, match: lex.comment },
    'template-parts': templateParts(true),
    // Backtick strings are raw: `{$ENV}` is not substituted in them.
    'raw-template-parts': templateParts(false),
    strings: {
      patterns: [
        {
          name: SCOPES.heredoc,
          begin: lex.heredoc.begin,
          end: lex.heredoc.end,
          beginCaptures: { '1': { name: SCOPES.stringBegin }, '2': { name: SCOPES.heredocMarker } },
          endCaptures: { '1': { name: SCOPES.heredocMarker } },
          patterns: [include(ref.templateParts)],
        },
        {
          name: SCOPES.quoted,
          begin: lex.quoted.begin,
          end: lex.quoted.end,
          beginCaptures: { '0': { name: SCOPES.stringBegin } },
          endCaptures: { '0': { name: SCOPES.stringEnd } },
          patterns: [
            { name: SCOPES.escape, match: lex.quoted.escapedQuote },
            include(ref.templateParts),
            // Any other backslash pair is kept as written (`"^\d+$"`), but still cannot end the string.
            { match: lex.quoted.anyEscape },
          ],
        },
        {
          name: SCOPES.backtick,
          begin: lex.backtick.begin,
          end: lex.backtick.end,
          beginCaptures: { '0': { name: SCOPES.stringBegin } },
          endCaptures: { '0': { name: SCOPES.stringEnd } },
          patterns: [include(ref.rawTemplateParts)],
        },
      ],
    },
    // Arguments anywhere: the order is the lexer's (strings, matcher refs, then words), with the typed words
    // (durations, sizes, numbers) tried before the plain word that would otherwise take them.
    args: {
      patterns: [
        include(ref.comment),
        include(ref.strings),
        { name: SCOPES.matcherReference, match: lex.matcherRef },
        { name: SCOPES.duration, match: lex.duration },
        { name: SCOPES.size, match: lex.size },
        { name: SCOPES.number, match: lex.number },
        include(ref.word),
      ],
    },
    word: wordRegion(undefined, [include(ref.templateParts)]),
  };
}

/**
 * A word as a region from its first character to the first character that cannot continue it, with placeholders
 * inside. (Not one `match` with capture patterns: vscode-textmate copies the line up to every capture it
 * re-tokenizes, which makes a long line of words quadratic.)
 */
export function wordRegion(name: string | undefined, patterns: readonly Rule[]): Rule {
  return { ...(name === undefined ? {} : { name }), begin: `(?=${lex.wordStart})`, end: lex.wordEnd, patterns };
}

