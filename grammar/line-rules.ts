/**
 * Rules for the lines of blocks, generated from the directive registry and the matcher types: a known directive,
 * global option or subdirective name at the start of a line, its enum values, and its block (a route list, a
 * matcher block or its own subdirectives, recursively).
 *
 * Invariant: every name and value comes from a spec; a line whose first word the registry does not know still
 * gets a generic scope (`unknown-line`), so a typo looks different from a directive.
 */
import { MATCHER_TYPE_NAMES, MATCHER_TYPES } from '../compiler/bind/matcher-types.ts';
import type { ArgSpec, BlockSpec, DirectiveSpec, SubdirectiveSpec, ValueType } from '../compiler/registry/directive.ts';
import * as lex from './lexical.ts';
import { ref } from './lexical-rules.ts';
import { lineScope, SCOPES } from './scopes.ts';
import type { Rule } from './textmate.ts';

export const lineRef = {
  directiveLines: '#directive-lines',
  optionLines: '#option-lines',
  matcherLines: '#matcher-lines',
  unknownLine: '#unknown-line',
  importLine: '#import-line',
  matcherDefinition: '#matcher-definition',
  matcherBlock: '#matcher-block',
} as const;

const include = (name: string): Rule => ({ include: name });

/** A line ends at the end of the text line or just before the `}` that closes its block (`handle { respond x }`). */
const LINE_END = '(?=$|\\})';

type LineKind = 'directive' | 'option' | 'subdirective';

const NAME_SCOPE: Readonly<Record<LineKind, string>> = {
  directive: SCOPES.directive,
  option: SCOPES.globalOption,
  subdirective: SCOPES.subdirective,
};

/** The enum words an argument list accepts (numbers are left to the number rules). */
function enumValues(args: readonly ArgSpec[]): string[] {
  return args.flatMap((a) => valuesOf(a.type)).filter((v) => !/^\d+$/.test(v));
}

function valuesOf(type: ValueType): readonly string[] {
  switch (type.kind) {
    case 'enum':
      return type.values;
    case 'string':
    case 'template':
    case 'path':
    case 'duration':
    case 'size':
    case 'int':
    case 'status':
    case 'address':
    case 'upstream':
    case 'url':
    case 'regexp':
    case 'cidr':
    case 'header-name':
    case 'mime':
    case 'bool':
      return [];
    default:
      return unreachable(type);
  }
}

/** `{ ... }` with the given line rules inside. */
export function blockRule(patterns: readonly Rule[]): Rule {
  return {
    name: SCOPES.block,
    begin: lex.blockOpen,
    end: lex.blockClose,
    beginCaptures: { '0': { name: SCOPES.blockBegin } },
    endCaptures: { '0': { name: SCOPES.blockEnd } },
    patterns,
  };
}

/** The line of one named directive, option or subdirective, with its block's contents. */
function namedLine(kind: LineKind, name: string, args: readonly ArgSpec[], block: readonly Rule[] | null): Rule {
  const values = enumValues(args);
  return {
    name: lineScope(kind, name),
    begin: `${lex.lineStart}(${lex.escapeRegExp(name)})${lex.wordEnd}`,
    end: LINE_END,
    beginCaptures: { '1': { name: NAME_SCOPE[kind] } },
    patterns: [
      ...(values.length > 0 ? [{ name: SCOPES.enumValue, match: lex.oneOf(values) }] : []),
      include(ref.args),
      ...(block === null ? [] : [blockRule(block)]),
    ],
  };
}

/** The lines of a subdirective block: the known subdirectives, then anything else. */
function subdirectiveLines(subs: readonly SubdirectiveSpec[]): Rule[] {
  return [
    include(ref.comment),
    include(lineRef.importLine),
    ...subs.map((s) => namedLine('subdirective', s.name, s.args, s.block === undefined ? null : subdirectiveLines(s.block))),
    include(lineRef.unknownLine),
    include(ref.args),
  ];
}

function blockContents(block: BlockSpec): Rule[] {
  switch (block.kind) {
    case 'routes':
      return [include(lineRef.directiveLines)];
    case 'matchers':
      return [include(lineRef.matcherLines)];
    case 'subdirectives':
      return subdirectiveLines(block.subdirectives);
    default:
      return unreachable(block);
  }
}

export function directiveRuleKey(kind: 'directive' | 'option', name: string): string {
  return `${kind}-${name}`;
}

function specLine(kind: 'directive' | 'option', spec: DirectiveSpec): Rule {
  return namedLine(kind, spec.name, spec.args, spec.block === null ? null : blockContents(spec.block));
}

const MATCHER_TYPE_LIST = Object.keys(MATCHER_TYPES);
/** `not`: the names that are not matcher types themselves but combine them. */
const MATCHER_OPERATORS = MATCHER_TYPE_NAMES.filter((n) => !Object.hasOwn(MATCHER_TYPES, n));

/** A matcher condition's head: `path`, or `not path`. Groups: 1 = operator, 2 = type. */
const CONDITION = `(?:(${lex.oneOf(MATCHER_OPERATORS)})[ \\t]+)?(${lex.oneOf(MATCHER_TYPE_LIST)})`;
const CONDITION_CAPTURES = { '1': { name: SCOPES.matcherOperator }, '2': { name: SCOPES.matcherType } };

export function lineRepository(directives: readonly DirectiveSpec[], options: readonly DirectiveSpec[]): Record<string, Rule> {
  const repo: Record<string, Rule> = {
    'directive-lines': {
      patterns: [
        include(ref.comment),
        include(lineRef.importLine),
        include(lineRef.matcherDefinition),
        ...directives.map((d) => include(`#${directiveRuleKey('directive', d.name)}`)),
        include(lineRef.unknownLine),
        include(ref.args),
      ],
    },
    'option-lines': {
      patterns: [
        include(ref.comment),
        include(lineRef.importLine),
        ...options.map((o) => include(`#${directiveRuleKey('option', o.name)}`)),
        include(lineRef.unknownLine),
        include(ref.args),
      ],
    },
    'import-line': {
      name: lineScope('directive', 'import'),
      begin: `${lex.lineStart}(import)${lex.wordEnd}`,
      end: LINE_END,
      beginCaptures: { '1': { name: SCOPES.importKeyword } },
      patterns: [
        { match: `\\G[ \\t]+(${lex.word})`, captures: { '1': { name: SCOPES.importTarget, patterns: [include(ref.templateParts)] } } },
        include(ref.args),
      ],
    },
    'matcher-definition': {
      name: SCOPES.matcher,
      begin: `${lex.lineStart}(${lex.matcherRef})`,
      end: LINE_END,
      beginCaptures: { '1': { name: SCOPES.matcherDefinition } },
      patterns: [{ match: `\\G[ \\t]+${CONDITION}`, captures: CONDITION_CAPTURES }, include(ref.args), include(lineRef.matcherBlock)],
    },
    'matcher-block': blockRule([include(lineRef.matcherLines)]),
    'matcher-lines': {
      patterns: [
        include(ref.comment),
        include(lineRef.importLine),
        { begin: `${lex.lineStart}${CONDITION}`, end: LINE_END, beginCaptures: CONDITION_CAPTURES, patterns: [include(ref.args)] },
        {
          begin: `${lex.lineStart}(${lex.oneOf(MATCHER_OPERATORS)})`,
          end: LINE_END,
          beginCaptures: { '1': { name: SCOPES.matcherOperator } },
          patterns: [include(ref.args), include(lineRef.matcherBlock)],
        },
        include(lineRef.unknownLine),
        include(ref.args),
      ],
    },
    'unknown-line': {
      begin: `${lex.lineStart}(${lex.word})`,
      end: LINE_END,
      beginCaptures: { '1': { name: SCOPES.unknownName, patterns: [include(ref.templateParts)] } },
      patterns: [include(ref.args), blockRule([include(lineRef.directiveLines)])],
    },
  };
  for (const d of directives) repo[directiveRuleKey('directive', d.name)] = specLine('directive', d);
  for (const o of options) repo[directiveRuleKey('option', o.name)] = specLine('option', o);
  return repo;
}

function unreachable(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
