/**
 * The semantic token legend, exported for editor integrations (the VS Code extension maps these to theme
 * scopes; the TextMate grammar uses the same names for the same things where it can).
 *
 * Invariant: append-only; a token's index is its position here, and clients cache the legend.
 */
export const TOKEN_TYPES = [
  /** Site addresses. */
  'namespace',
  /** Directive and global option names, `import`. */
  'keyword',
  /** Subdirective names. */
  'property',
  /** Snippet names (definition and import). */
  'function',
  /** Named matchers (`@name`, definition and use). */
  'variable',
  /** Matcher types (`path`, `host`, `not`…). */
  'operator',
  /** Placeholders (`{host}`, `{$ENV}`). */
  'macro',
  /** Quoted, backtick and heredoc strings. */
  'string',
  /** Numbers, durations, sizes, status codes. */
  'number',
  /** Enum and boolean values. */
  'enumMember',
  'comment',
] as const;

export const TOKEN_MODIFIERS = [
  /** Where a matcher or snippet is defined. */
  'declaration',
  /** Environment variables. */
  'readonly',
] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };
