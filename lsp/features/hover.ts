/**
 * Hover: the registry's docs and syntax for directives, subdirectives, global options, matcher types and
 * argument values; what a placeholder holds; the resolved value of `{$ENV}`; a named matcher's or snippet's
 * definition.
 *
 * Needs: the parsed state (cursor); the checked state for matchers, snippets and environment values.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { ERROR_FIELD_DOCS, PREFIX_DOCS, REQUEST_FIELD_DOCS, type PlaceholderDoc } from '../../compiler/bind/placeholder-docs.ts';
import type { Document } from '../../compiler/syntax/ast.ts';
import { roleOf } from '../syntax/arg-role.ts';
import { contextOf } from '../syntax/block-context.ts';
import { cursorAt } from '../syntax/cursor.ts';
import { argMarkdown, directiveMarkdown, matcherTypeMarkdown, placeholderMarkdown, subdirectiveMarkdown } from '../syntax/docs.ts';
import { MATCHER_TYPES, NOT_MATCHER } from '../syntax/registry.ts';
import type { Occurrence, SymbolIndex } from '../symbols/symbol-index.ts';
import type { Analysis } from '../workspace/analysis.ts';
import { rangeOf } from '../workspace/positions.ts';

export interface HoverInput {
  readonly doc: Document;
  readonly offset: number;
  readonly analysis: () => Analysis;
  readonly symbols: () => SymbolIndex;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function hover(input: HoverInput): Hover | null {
  const { doc, offset } = input;
  const text = doc.file.text;
  const cursor = cursorAt(doc, offset);
  const arg = cursor.arg;
  if (arg === null || cursor.line === null || offset >= arg.span.end) return null;
  const range = rangeOf(text, arg.span.start, arg.span.end);
  const answer = (value: string, start = arg.span.start, end = arg.span.end): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: start === arg.span.start && end === arg.span.end ? range : rangeOf(text, start, end),
  });
  const brace = placeholderAt(arg.raw, offset - arg.span.start, arg.kind === 'raw');
  if (brace !== null) {
    const start = arg.span.start + brace.start;
    const end = arg.span.start + brace.end;
    const markdown = brace.name.startsWith('$') ? envMarkdown(brace.name.slice(1), input.env) : placeholderDocOf(brace.name);
    if (markdown !== null) return answer(markdown, start, end);
  }
  const role = roleOf(contextOf(cursor.path), cursor.line, cursor.argIndex);
  switch (role.kind) {
    case 'directive-name':
      return role.spec === undefined ? null : answer(directiveMarkdown(role.spec));
    case 'subdirective-name':
      return role.spec === undefined ? null : answer(subdirectiveMarkdown(role.spec, role.owner));
    case 'matcher-type': {
      const type = arg.value === 'not' ? NOT_MATCHER : MATCHER_TYPES[arg.value];
      return type === undefined ? null : answer(matcherTypeMarkdown(type));
    }
    case 'matcher-ref':
    case 'matcher-definition':
    case 'import-target':
    case 'snippet-definition': {
      const definition = definitionText(input, doc.file.path, offset);
      return definition === null ? null : answer(definition);
    }
    case 'inline-matcher':
      return answer(`Inline path matcher of \`${role.spec.name}\`: ${MATCHER_TYPES.path.summary}`);
    case 'value': {
      const pool = role.spec?.type.kind === 'upstream' ? definitionText(input, doc.file.path, offset) : null;
      if (pool !== null) return answer(pool);
      return role.spec === null ? null : answer(argMarkdown(role.spec, role.owner.spec.name));
    }
    case 'site-address': {
      const listens = siteAddressText(input.analysis(), doc.file.path, offset);
      return listens === null ? null : answer(listens);
    }
    case 'none':
      return null;
    default:
      return assertNever(role);
  }
}

/** The source of the definition of the matcher or snippet at the offset. */
function definitionText(input: HoverInput, file: string, offset: number): string | null {
  const symbols = input.symbols();
  const here: Occurrence | undefined = symbols.at(file, offset)[0];
  if (here === undefined) return null;
  const def = symbols.definitions(here.key)[0];
  if (def === undefined) return null;
  const source = input.analysis().file(def.span.file)?.text;
  if (source === undefined) return null;
  const lineStart = source.lastIndexOf('\n', def.span.start - 1) + 1;
  let lineEnd = source.indexOf('\n', def.span.end);
  if (lineEnd === -1) lineEnd = source.length;
  const what = here.kind === 'matcher' ? `matcher \`@${here.name}\`` : here.kind === 'pool' ? `upstream pool \`${here.name}\`` : `snippet \`${here.name}\``;
  return `${what}\n\n\`\`\`rwsfile\n${source.slice(lineStart, lineEnd).trim()}\n\`\`\``;
}

/** Where the site address under the cursor listens, as the binder resolved it (scheme, bind address, port, host). */
function siteAddressText(analysis: Analysis, file: string, offset: number): string | null {
  for (const site of analysis.result.bound?.sites ?? []) {
    const address = site.addresses.find((a) => a.span.file === file && a.span.start <= offset && offset < a.span.end);
    if (address === undefined) continue;
    const endpoints = site.endpoints.filter((e) => e.address === address);
    const lines = endpoints.map((e) => `- \`${e.scheme}://${e.bindHost === '' ? '*' : e.bindHost}:${e.port}\` for ${e.host === null ? 'any host' : `host \`${e.host}\``}`);
    return [`site address \`${address.text}\``, '', ...(lines.length > 0 ? ['listens on:', ...lines] : [])].join('\n');
  }
  return null;
}

/** The `{…}` of a word or string that contains the offset (offset relative to the raw text). */
function placeholderAt(raw: string, at: number, isRaw: boolean): { name: string; start: number; end: number } | null {
  if (isRaw) return null;
  const re = /\{([^\s{}]+)\}/g;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    if (m.index <= at && at < m.index + m[0].length && raw[m.index - 1] !== '\\') return { name: m[1], start: m.index, end: m.index + m[0].length };
  }
  return null;
}

function placeholderDocOf(name: string): string | null {
  const dot = name.indexOf('.');
  if (dot === -1) {
    const doc: PlaceholderDoc | undefined = (REQUEST_FIELD_DOCS as Record<string, PlaceholderDoc>)[name];
    return doc === undefined ? null : placeholderMarkdown(doc);
  }
  const prefix = name.slice(0, dot);
  if (prefix === 'err') {
    const doc: PlaceholderDoc | undefined = (ERROR_FIELD_DOCS as Record<string, PlaceholderDoc>)[name.slice(dot + 1)];
    if (doc !== undefined) return placeholderMarkdown(doc);
  }
  const doc: PlaceholderDoc | undefined = (PREFIX_DOCS as Record<string, PlaceholderDoc>)[prefix];
  return doc === undefined ? null : placeholderMarkdown(doc);
}

/** `{$NAME}` / `{$NAME:default}` with the value the server's environment gives it (the same the compile used). */
function envMarkdown(ref: string, env: Readonly<Record<string, string | undefined>>): string {
  const colon = ref.indexOf(':');
  const name = colon === -1 ? ref : ref.slice(0, colon);
  const fallback = colon === -1 ? null : ref.slice(colon + 1);
  const value = env[name];
  const lines = [`environment variable \`${name}\``, ''];
  if (value !== undefined) lines.push(`= \`${value}\``);
  else if (fallback !== null) lines.push(`not set: the default \`${fallback}\` is used`);
  else lines.push('not set: it becomes an empty string (RWS2005)');
  return lines.join('\n');
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
