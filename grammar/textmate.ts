/**
 * The shape of a TextMate grammar (the JSON that VS Code, Shiki, GitHub Linguist and vscode-textmate read).
 *
 * Invariant: only the fields vscode-textmate understands; every regexp is an Oniguruma pattern string.
 */

export interface Captures {
  readonly [group: string]: { readonly name?: string; readonly patterns?: readonly Rule[] };
}

/** One rule: a single-line `match`, a `begin`/`end` region, or a list of `patterns` (an `include` of several). */
export type Rule =
  | { readonly include: string }
  | { readonly comment?: string; readonly name?: string; readonly match: string; readonly captures?: Captures }
  | {
      readonly comment?: string;
      readonly name?: string;
      readonly contentName?: string;
      readonly begin: string;
      readonly end: string;
      readonly beginCaptures?: Captures;
      readonly endCaptures?: Captures;
      readonly patterns?: readonly Rule[];
    }
  | { readonly comment?: string; readonly patterns: readonly Rule[] };

export interface Grammar {
  readonly information_for_contributors: readonly string[];
  readonly name: string;
  readonly scopeName: string;
  readonly fileTypes: readonly string[];
  readonly patterns: readonly Rule[];
  readonly repository: Readonly<Record<string, Rule>>;
}
