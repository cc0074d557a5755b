/**
 * Signature help: the syntax of the directive, subdirective or matcher type on the cursor's line, with the
 * argument under the cursor highlighted and its docs.
 *
 * Needs: the parsed state.
 */
import { MarkupKind, type ParameterInformation, type SignatureHelp } from 'vscode-languageserver';
import { argSyntax, valueTypeText } from '../../compiler/docs/syntax.ts';
import type { ArgSpec } from '../../compiler/registry/directive.ts';
import type { Document } from '../../compiler/syntax/ast.ts';
import { roleOf, type Owner } from '../syntax/arg-role.ts';
import { contextOf } from '../syntax/block-context.ts';
import { cursorAt } from '../syntax/cursor.ts';

export function signatureHelp(doc: Document, offset: number): SignatureHelp | null {
  const cursor = cursorAt(doc, offset);
  if (cursor.line === null || cursor.argIndex === 0) return null;
  const role = roleOf(contextOf(cursor.path), cursor.line, cursor.argIndex);
  let owner: Owner;
  let active: number;
  switch (role.kind) {
    case 'value':
      owner = role.owner;
      active = role.specIndex + (hasMatcher(owner) ? 1 : 0);
      break;
    case 'matcher-ref':
    case 'inline-matcher':
      owner = { kind: 'directive', spec: role.spec };
      active = 0;
      break;
    default:
      return null;
  }
  const specs: readonly ArgSpec[] = owner.spec.args;
  const parameters: ParameterInformation[] = [
    ...(hasMatcher(owner) ? [{ label: '[<matcher>]', documentation: 'a named matcher `@name`, or a path pattern starting with `/` or `*`' }] : []),
    ...specs.map((a) => ({ label: argSyntax(a), documentation: { kind: MarkupKind.Markdown, value: `${valueTypeText(a.type)}. ${a.docs}` } })),
  ];
  const label = [owner.spec.name, ...parameters.map((p) => p.label as string)].join(' ');
  return {
    signatures: [{ label, documentation: { kind: MarkupKind.Markdown, value: owner.spec.summary }, parameters }],
    activeSignature: 0,
    activeParameter: active < 0 ? parameters.length : active,
  };
}

function hasMatcher(owner: Owner): boolean {
  return owner.kind === 'directive' && owner.spec.matcher;
}
