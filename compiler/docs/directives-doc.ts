/**
 * docs/directives.md from the directive registry: for each directive and global option its summary, the
 * syntax generated from its schema, its docs, arguments, subdirectives, examples and diagnostic codes.
 *
 * Invariant: a pure function of the specs; the order is alphabetical so moving a registry entry changes nothing.
 */
import type { BlockSpec, DirectiveSpec, Scope, SubdirectiveSpec } from '../registry/directive.ts';
import { GENERATED_NOTICE, code, codeBlock, table } from './markdown.ts';
import { argSyntax, directiveSyntax, subdirectiveSyntax, valueTypeText } from './syntax.ts';

const SCOPE_TEXT: Record<Scope, string> = {
  global: 'the global options block',
  site: 'site blocks',
  route: 'route blocks (`route`, `handle`, `handle_path`, `handle_errors`)',
};

export function renderDirectivesDoc(directives: readonly DirectiveSpec[], globalOptions: readonly DirectiveSpec[]): string {
  const byName = (a: DirectiveSpec, b: DirectiveSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const sortedDirectives = [...directives].sort(byName);
  const sortedOptions = [...globalOptions].sort(byName);
  const out = [
    '# Directive reference',
    '',
    GENERATED_NOTICE('the directive registry (compiler/directives/index.ts)'),
    '',
    'Syntax notation: `<name>` is a required argument, `[<name>]` an optional one, `<name...>` one or more,',
    '`[<name...>]` zero or more. `[<matcher>]` is an optional matcher: a named matcher `@name`, or a path',
    'pattern starting with `/` or `*`.',
    '',
    '## Directives',
    '',
    table(['Directive', 'Summary'], sortedDirectives.map((d) => [`[${code(d.name)}](#${d.name})`, d.summary])),
    '',
  ];
  if (sortedOptions.length > 0) {
    out.push('## Global options', '', 'Written in the global options block, the `{ ... }` block at the top of the Rwsfile.', '');
    out.push(table(['Option', 'Summary'], sortedOptions.map((d) => [`[${code(d.name)}](#${d.name})`, d.summary])), '');
  }
  for (const spec of [...sortedDirectives, ...sortedOptions]) out.push(...directiveSection(spec));
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function directiveSection(spec: DirectiveSpec): string[] {
  const facts = [`**Where:** ${spec.scopes.map((s) => SCOPE_TEXT[s]).join(', ')}`];
  if (spec.phase !== null) facts.push(`**Phase:** ${code(spec.phase)}`);
  if (spec.terminal) facts.push('**Ends request handling** when it runs');
  const out = [`<a id="${spec.name}"></a>`, '', `## ${code(spec.name)}`, '', spec.summary, '', `**Syntax:** ${code(directiveSyntax(spec))}`, '', facts.join(' · '), ''];
  out.push(spec.docs.trim(), '');
  if (spec.args.length > 0) {
    out.push('### Arguments', '', table(['Argument', 'Type', 'Description'], spec.args.map((a) => [code(argSyntax(a)), valueTypeText(a.type), a.docs])), '');
  }
  const subs = subdirectivesOf(spec.block);
  if (subs.length > 0) {
    out.push('### Subdirectives', '', table(['Subdirective', 'Description'], flattenSubdirectives(subs, '').map(([syntax, sub]) => [code(syntax), describeSub(sub)])), '');
  }
  if (spec.examples.length > 0) {
    out.push('### Examples', '');
    for (const example of spec.examples) out.push(codeBlock(example), '');
  }
  if (spec.codes !== undefined && spec.codes.length > 0) {
    out.push(`**Diagnostics:** ${spec.codes.map((c) => `[${c}](diagnostics.md#${c.toLowerCase()})`).join(', ')}`, '');
  }
  return out;
}

function subdirectivesOf(block: BlockSpec | null): readonly SubdirectiveSpec[] {
  return block !== null && block.kind === 'subdirectives' ? block.subdirectives : [];
}

/** Nested subdirectives are listed after their parent with the parent's name in front (`transport http`). */
function flattenSubdirectives(subs: readonly SubdirectiveSpec[], prefix: string): [string, SubdirectiveSpec][] {
  return subs.flatMap((s): [string, SubdirectiveSpec][] => {
    const syntax = `${prefix}${subdirectiveSyntax(s)}`;
    return [[syntax, s], ...flattenSubdirectives(s.block ?? [], `${prefix}${s.name} … `)];
  });
}

function describeSub(sub: SubdirectiveSpec): string {
  const summary = sub.repeatable === true ? `${sub.summary} May be repeated.` : sub.summary;
  const args = sub.args.map((a) => `${code(`<${a.name}>`)} (${valueTypeText(a.type)}): ${a.docs}`);
  return [summary, ...args].join('<br>');
}
