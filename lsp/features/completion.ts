/**
 * Completion that knows where the cursor is: directives valid in this block, subdirectives of the enclosing
 * directive, matcher types, argument values (enums, booleans, units), `@matcher` names of this site, snippet
 * names and files after `import`, file paths for path arguments, and placeholders inside `{…}`.
 *
 * Needs: the parsed state of the file (cursor context); names of matchers and snippets from the checked state.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver';
import { ERROR_FIELD_DOCS, PREFIX_DOCS, REQUEST_FIELD_DOCS } from '../../compiler/bind/placeholder-docs.ts';
import { argSyntax, subdirectiveSyntax, valueTypeText } from '../../compiler/docs/syntax.ts';
import type { ArgSpec, DirectiveSpec, ValueType } from '../../compiler/registry/directive.ts';
import type { Document, Line } from '../../compiler/syntax/ast.ts';
import { UNIT_MS } from '../../compiler/values/duration.ts';
import { UNIT_BYTES } from '../../compiler/values/size.ts';
import { roleOf, type ArgRole } from '../syntax/arg-role.ts';
import { contextOf, type BlockContext } from '../syntax/block-context.ts';
import { cursorAt, type Cursor } from '../syntax/cursor.ts';
import { argMarkdown, directiveMarkdown, matcherTypeMarkdown, placeholderMarkdown, subdirectiveMarkdown } from '../syntax/docs.ts';
import { LOOKUP, MATCHER_TYPES, NOT_MATCHER } from '../syntax/registry.ts';
import { rangeOf } from '../workspace/positions.ts';

export interface CompletionInput {
  readonly doc: Document;
  readonly offset: number;
  /** Snippet names of the file's compile (defined in this file or the files around it). */
  readonly snippets: () => readonly string[];
  /** The environment the compile sees, for `{$…}`. */
  readonly env: () => Readonly<Record<string, string | undefined>>;
  /** Upstream pools declared in the file's compile (`upstream NAME { … }`). */
  readonly pools: () => readonly string[];
}

export function completion(input: CompletionInput): CompletionItem[] {
  const { doc, offset } = input;
  const text = doc.file.text;
  if (doc.comments.some((c) => c.span.start < offset && offset <= c.span.end)) return [];
  const placeholder = placeholderPrefix(text, offset);
  if (placeholder !== null) return placeholderItems(placeholder, text, offset, input);
  const cursor = cursorAt(doc, offset);
  const ctx = contextOf(cursor.path);
  const range = rangeOf(text, cursor.arg?.span.start ?? offset, cursor.arg === null ? offset : Math.max(offset, cursor.arg.span.end));
  if (cursor.line === null) return nameItems(ctx, range);
  const role = roleOf(ctx, cursor.line, cursor.argIndex);
  return roleItems(role, ctx, cursor, range, input);
}

function roleItems(role: ArgRole, ctx: BlockContext, cursor: Cursor, range: Range, input: CompletionInput): CompletionItem[] {
  switch (role.kind) {
    case 'directive-name':
    case 'subdirective-name':
      return nameItems(ctx, range);
    case 'matcher-type':
      return matcherTypeItems(range);
    case 'matcher-ref':
      return matcherItems(cursor, range);
    case 'import-target':
      return [
        ...input.snippets().map((name) => item(name, CompletionItemKind.Module, range, { detail: 'snippet', documentation: `\`import ${name}\`: paste the snippet \`(${name})\` here.` })),
        ...pathItems(input.doc.file.path, cursor.prefix, cursor.offset, input.doc.file.text),
      ];
    case 'value': {
      const values = role.spec === null ? [] : valueItems(role.spec, role.owner.spec.name, cursor, range, input);
      // The first argument of a directive that takes a matcher may be one.
      const matcherFirst = role.owner.kind === 'directive' && role.owner.spec.matcher && cursor.argIndex === 1 ? matcherItems(cursor, range) : [];
      return [...matcherFirst, ...values];
    }
    case 'inline-matcher':
    case 'matcher-definition':
    case 'snippet-definition':
    case 'site-address':
    case 'none':
      return [];
    default:
      return assertNever(role);
  }
}

/** Names valid as the first word of a line in this block. */
function nameItems(ctx: BlockContext, range: Range): CompletionItem[] {
  switch (ctx.kind) {
    case 'top':
      return [importItem(range)];
    case 'global':
      return LOOKUP.names('global').map((n) => directiveItem(LOOKUP.get(n)!, range));
    case 'directives':
      return [...LOOKUP.names(ctx.scope).map((n) => directiveItem(LOOKUP.get(n)!, range)), importItem(range)];
    case 'snippet': {
      const names = [...new Set([...LOOKUP.names('site'), ...LOOKUP.names('route')])];
      return [...names.map((n) => directiveItem(LOOKUP.get(n)!, range)), importItem(range)];
    }
    case 'subdirectives':
      return ctx.specs.map((s) =>
        item(s.name, CompletionItemKind.Property, range, { detail: subdirectiveSyntax(s), documentation: subdirectiveMarkdown(s, ctx.owner) }),
      );
    case 'matchers':
      return matcherTypeItems(range);
    case 'unknown':
      return [];
    default:
      return assertNever(ctx);
  }
}

function directiveItem(spec: DirectiveSpec, range: Range): CompletionItem {
  return item(spec.name, CompletionItemKind.Keyword, range, { detail: spec.summary, documentation: directiveMarkdown(spec) });
}

function importItem(range: Range): CompletionItem {
  return item('import', CompletionItemKind.Keyword, range, { detail: 'paste a snippet or files here', documentation: '`import <snippet>|<file or glob> [<args...>]`' });
}

function matcherTypeItems(range: Range): CompletionItem[] {
  return [
    ...Object.entries(MATCHER_TYPES).map(([name, t]) => item(name, CompletionItemKind.Operator, range, { detail: t.usage, documentation: matcherTypeMarkdown(t) })),
    item('not', CompletionItemKind.Operator, range, { detail: NOT_MATCHER.usage, documentation: matcherTypeMarkdown(NOT_MATCHER) }),
  ];
}

/** `@name` for each named matcher defined in the site around the cursor (nested route blocks included). */
function matcherItems(cursor: Cursor, range: Range): CompletionItem[] {
  const site = cursor.path[0];
  if (site === undefined || site.block === null) return [];
  const defs: Line[] = [];
  const walk = (lines: readonly Line[]): void => {
    for (const l of lines) {
      const first = l.args[0];
      if (first !== undefined && first.value.startsWith('@') && first.value.length > 1 && l !== cursor.line) defs.push(l);
      else if (l.block !== null && first !== undefined && LOOKUP.get(first.value)?.block?.kind === 'routes') walk(l.block.lines);
    }
  };
  walk(site.block.lines);
  const seen = new Set<string>();
  return defs
    .filter((l) => !seen.has(l.args[0].value) && seen.add(l.args[0].value))
    .map((l) => {
      const name = l.args[0].value;
      const body = l.args.slice(1).map((a) => a.raw).join(' ') + (l.block === null ? '' : ' { … }');
      return item(name, CompletionItemKind.Variable, range, { detail: `matcher: ${body}`, documentation: '```rwsfile\n' + `${name} ${body}` + '\n```' });
    });
}

function valueItems(spec: ArgSpec, owner: string, cursor: Cursor, range: Range, input: CompletionInput): CompletionItem[] {
  const docs = argMarkdown(spec, owner);
  const type: ValueType = spec.type;
  switch (type.kind) {
    case 'enum':
      return type.values.map((v) => item(v, CompletionItemKind.EnumMember, range, { detail: argSyntax(spec), documentation: docs }));
    case 'bool':
      return ['on', 'off'].map((v) => item(v, CompletionItemKind.EnumMember, range, { detail: argSyntax(spec), documentation: docs }));
    case 'duration':
      return unitItems(cursor.prefix, Object.keys(UNIT_MS), range, spec, docs);
    case 'size':
      return unitItems(cursor.prefix, Object.keys(UNIT_BYTES).map(sizeUnit), range, spec, docs);
    case 'path':
      return pathItems(input.doc.file.path, cursor.prefix, cursor.offset, input.doc.file.text);
    case 'upstream':
      return input.pools().map((name) => item(name, CompletionItemKind.Reference, range, { detail: 'upstream pool', documentation: `The pool declared as \`upstream ${name} { … }\`.\n\n${docs}` }));
    case 'string':
    case 'template':
    case 'int':
    case 'status':
    case 'address':
    case 'url':
    case 'regexp':
    case 'cidr':
    case 'header-name':
    case 'mime':
      return [];
    default:
      return assertNever(type);
  }
}

/** `30` → `30ms`, `30s`, …: the number typed so far with each unit of the value type. */
function unitItems(prefix: string, units: readonly string[], range: Range, spec: ArgSpec, docs: string): CompletionItem[] {
  const number = /^\d+(?:\.\d+)?$/.test(prefix) ? prefix : '';
  if (number === '') return [];
  return units.map((u) => item(number + u, CompletionItemKind.Unit, range, { detail: valueTypeText(spec.type), documentation: docs }));
}

/** `kib` → `KiB`, `mb` → `MB`. */
function sizeUnit(u: string): string {
  return u.length === 3 ? `${u[0].toUpperCase()}i${u[2].toUpperCase()}` : u.toUpperCase();
}

/** Entries of the folder named by the path typed so far (relative to the file's folder). */
function pathItems(file: string, prefix: string, offset: number, text: string): CompletionItem[] {
  const slash = prefix.lastIndexOf('/');
  const folder = resolve(dirname(file), slash === -1 ? '.' : prefix.slice(0, slash + 1) || '/');
  let entries: { name: string; isDirectory(): boolean }[];
  try {
    entries = readdirSync(folder, { withFileTypes: true }).slice(0, 500);
  } catch {
    return [];
  }
  const range = rangeOf(text, offset - (prefix.length - slash - 1), offset);
  return entries
    .filter((e) => !e.name.startsWith('.') || prefix.slice(slash + 1).startsWith('.'))
    .map((e) =>
      item(e.isDirectory() ? `${e.name}/` : e.name, e.isDirectory() ? CompletionItemKind.Folder : CompletionItemKind.File, range, {
        detail: e.isDirectory() ? 'folder' : 'file',
        documentation: `\`${resolve(folder, e.name)}\``,
      }),
    );
}

/** The text typed inside an unclosed `{` before the cursor on its line (no white space or braces in it), or null. */
function placeholderPrefix(text: string, offset: number): { start: number; typed: string } | null {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '{') return i > 0 && text[i - 1] === '\\' ? null : { start: i + 1, typed: text.slice(i + 1, offset) };
    if (c === '}' || c === '\n' || c === ' ' || c === '\t' || c === '"' || c === '`') return null;
  }
  return null;
}

function placeholderItems(at: { start: number; typed: string }, text: string, offset: number, input: CompletionInput): CompletionItem[] {
  const closed = text[offset] === '}';
  const end = closed ? offset + 1 : offset;
  const range = rangeOf(text, at.start, end);
  const close = (s: string): string => `${s}}`;
  if (at.typed.startsWith('$')) {
    const env = input.env();
    return Object.keys(env)
      .sort()
      .map((name) => item(`$${name}`, CompletionItemKind.Variable, range, { insertText: close(`$${name}`), detail: 'environment variable', documentation: `= \`${env[name]}\`` }));
  }
  if (at.typed.startsWith('re.')) {
    return regexpNames(cursorAt(input.doc, offset).path[0]).map((name) =>
      item(`re.${name}.`, CompletionItemKind.Field, range, {
        insertText: `re.${name}.$1}`,
        insertTextFormat: InsertTextFormat.Snippet,
        detail: PREFIX_DOCS.re.syntax,
        documentation: placeholderMarkdown(PREFIX_DOCS.re),
      }),
    );
  }
  if (at.typed.startsWith('err.')) {
    return Object.entries(ERROR_FIELD_DOCS).map(([f, d]) => item(`err.${f}`, CompletionItemKind.Field, range, { insertText: close(`err.${f}`), detail: d.syntax, documentation: placeholderMarkdown(d) }));
  }
  return [
    ...Object.entries(REQUEST_FIELD_DOCS).map(([f, d]) => item(f, CompletionItemKind.Field, range, { insertText: close(f), detail: d.syntax, documentation: placeholderMarkdown(d) })),
    ...Object.entries(PREFIX_DOCS).map(([p, d]) =>
      item(`${p}.`, CompletionItemKind.Field, range, {
        insertText: `${p}.$1}`,
        insertTextFormat: InsertTextFormat.Snippet,
        detail: d.syntax,
        documentation: placeholderMarkdown(d),
      }),
    ),
  ];
}

/** Capture names of the regexp matchers of a site: the explicit name, else the named matcher's name (as the binder names them). */
function regexpNames(site: Line | undefined): string[] {
  if (site === undefined || site.block === null) return [];
  const names = new Set<string>();
  const condition = (matcher: string, args: readonly string[]): void => {
    const [type, ...rest] = args;
    if (type === 'path_regexp' && rest.length >= 1) names.add(rest.length === 2 ? rest[0] : matcher);
    if (type === 'header_regexp' && rest.length >= 2) names.add(rest.length === 3 ? rest[0] : matcher);
  };
  const walk = (lines: readonly Line[]): void => {
    for (const l of lines) {
      const first = l.args[0]?.value ?? '';
      if (first.startsWith('@') && first.length > 1) {
        const matcher = first.slice(1);
        if (l.args.length > 1) condition(matcher, l.args.slice(1).map((a) => a.value));
        else for (const c of l.block?.lines ?? []) condition(matcher, c.args.map((a) => a.value));
      } else if (l.block !== null && LOOKUP.get(first)?.block?.kind === 'routes') walk(l.block.lines);
    }
  };
  walk(site.block.lines);
  return [...names];
}

interface ItemExtras {
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText?: string;
  readonly insertTextFormat?: InsertTextFormat;
}

function item(label: string, kind: CompletionItemKind, range: Range, extras: ItemExtras): CompletionItem {
  return {
    label,
    kind,
    textEdit: { range, newText: extras.insertText ?? label },
    ...(extras.insertTextFormat === undefined ? {} : { insertTextFormat: extras.insertTextFormat }),
    ...(extras.detail === undefined ? {} : { detail: extras.detail }),
    ...(extras.documentation === undefined ? {} : { documentation: { kind: MarkupKind.Markdown, value: extras.documentation } }),
  };
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
