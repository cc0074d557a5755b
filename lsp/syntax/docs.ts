/**
 * Markdown shown by completion items and hovers, built from the registry entries (the same text and syntax
 * lines as docs/directives.md).
 *
 * Invariant: no directive, subdirective, matcher or placeholder text is written here; only layout.
 */
import type { PlaceholderDoc } from '../../compiler/bind/placeholder-docs.ts';
import { argSyntax, directiveSyntax, subdirectiveSyntax, valueTypeText } from '../../compiler/docs/syntax.ts';
import type { ArgSpec, DirectiveSpec, SubdirectiveSpec } from '../../compiler/registry/directive.ts';

const fence = (code: string): string => '```rwsfile\n' + code + '\n```';

export function directiveMarkdown(spec: DirectiveSpec): string {
  return [fence(directiveSyntax(spec)), spec.summary, spec.docs.trim()].join('\n\n');
}

export function subdirectiveMarkdown(sub: SubdirectiveSpec, owner: string): string {
  const args = sub.args.map((a) => `- \`${argSyntax(a)}\`: ${valueTypeText(a.type)}. ${a.docs}`);
  return [fence(subdirectiveSyntax(sub)), `${sub.summary} (in \`${owner}\`)`, ...(args.length > 0 ? [args.join('\n')] : [])].join('\n\n');
}

export function argMarkdown(arg: ArgSpec, owner: string): string {
  return [`\`${argSyntax(arg)}\` of \`${owner}\`: ${valueTypeText(arg.type)}`, arg.docs].join('\n\n');
}

export function matcherTypeMarkdown(type: { readonly usage: string; readonly summary: string }): string {
  return [fence(`@name ${type.usage}`), type.summary].join('\n\n');
}

export function placeholderMarkdown(doc: PlaceholderDoc): string {
  return [`\`${doc.syntax}\``, doc.docs].join('\n\n');
}
