/**
 * The scope names the Rwsfile grammar assigns: the grammar's public contract (themes colour these, the tests
 * assert them). Every name ends in `.rwsfile`, after TextMate's conventions for the first parts.
 *
 * Invariant: a scope is named here once and used by reference; renaming one is a visible change for themes.
 */
const scope = (name: string): string => `${name}.rwsfile`;

export const SCOPES = {
  comment: scope('comment.line.number-sign'),
  quoted: scope('string.quoted.double'),
  backtick: scope('string.quoted.other.backtick'),
  heredoc: scope('string.unquoted.heredoc'),
  heredocMarker: scope('keyword.control.heredoc-token'),
  stringBegin: scope('punctuation.definition.string.begin'),
  stringEnd: scope('punctuation.definition.string.end'),
  escape: scope('constant.character.escape'),
  placeholder: scope('variable.other.placeholder'),
  envPlaceholder: scope('variable.other.env'),
  snippetArg: scope('variable.parameter.snippet-arg'),
  matcherDefinition: scope('entity.name.function.matcher'),
  matcherReference: scope('variable.other.matcher'),
  matcherType: scope('support.function.matcher'),
  matcherOperator: scope('keyword.operator.matcher'),
  siteAddress: scope('entity.name.section.address'),
  separator: scope('punctuation.separator.comma'),
  snippetName: scope('entity.name.function.snippet'),
  snippetParens: scope('punctuation.definition.snippet'),
  importKeyword: scope('keyword.control.import'),
  importTarget: scope('string.unquoted.import'),
  directive: scope('keyword.other.directive'),
  globalOption: scope('keyword.other.option'),
  subdirective: scope('support.type.property-name.subdirective'),
  unknownName: scope('variable.other.name'),
  duration: scope('constant.numeric.duration'),
  size: scope('constant.numeric.size'),
  number: scope('constant.numeric'),
  enumValue: scope('constant.language'),
  boolean: scope('constant.language.boolean'),
  blockBegin: scope('punctuation.section.block.begin'),
  blockEnd: scope('punctuation.section.block.end'),
  strayBrace: scope('invalid.illegal.stray-brace'),
  block: scope('meta.block'),
  site: scope('meta.site'),
  globalOptions: scope('meta.global-options'),
  snippet: scope('meta.snippet'),
  matcher: scope('meta.matcher'),
} as const;

/** `meta.directive.<name>.rwsfile`: the whole line (and block) of one directive or subdirective. */
export function lineScope(kind: 'directive' | 'option' | 'subdirective', name: string): string {
  return scope(`meta.${kind}.${name}`);
}
