/**
 * The editor's language configuration for Rwsfiles (VS Code's language-configuration.json): comments, brackets,
 * auto-closing pairs and indentation.
 *
 * Invariant: the comment and string delimiters are the lexer's (`#`, `"`, backtick); blocks are `{ }` only.
 */
export interface LanguageConfiguration {
  readonly comments: { readonly lineComment: string };
  readonly brackets: readonly (readonly [string, string])[];
  readonly autoClosingPairs: readonly { readonly open: string; readonly close: string; readonly notIn?: readonly string[] }[];
  readonly autoCloseBefore: string;
  readonly surroundingPairs: readonly (readonly [string, string])[];
  readonly indentationRules: { readonly increaseIndentPattern: string; readonly decreaseIndentPattern: string };
  readonly onEnterRules: readonly {
    readonly beforeText: string;
    readonly afterText?: string;
    readonly action: { readonly indent: 'none' | 'indent' | 'outdent' | 'indentOutdent'; readonly appendText?: string };
  }[];
  readonly wordPattern: string;
}

export function languageConfiguration(): LanguageConfiguration {
  return {
    comments: { lineComment: '#' },
    brackets: [['{', '}']],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '"', close: '"', notIn: ['string', 'comment'] },
      { open: '`', close: '`', notIn: ['string', 'comment'] },
      { open: '(', close: ')', notIn: ['string', 'comment'] },
      { open: '[', close: ']', notIn: ['string', 'comment'] },
    ],
    autoCloseBefore: ';:.,=}])>` \n\t',
    surroundingPairs: [
      ['{', '}'],
      ['"', '"'],
      ['`', '`'],
      ['(', ')'],
      ['[', ']'],
    ],
    indentationRules: {
      // A line that opens a block (`{` last, a comment may follow) indents the next one; `}` first outdents.
      increaseIndentPattern: '^[^#]*\\{[ \\t]*(?:#.*)?$',
      decreaseIndentPattern: '^[ \\t]*\\}',
    },
    onEnterRules: [{ beforeText: '\\{[ \\t]*$', afterText: '^[ \\t]*\\}', action: { indent: 'indentOutdent' } }],
    // Directive names, matcher names (`@api`), placeholders' dotted names, durations and sizes.
    wordPattern: '@?[A-Za-z0-9_$][A-Za-z0-9_.$-]*',
  };
}
