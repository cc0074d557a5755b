/**
 * The outline: the global options block, snippets, sites, and inside them named matchers and directives,
 * nested as their blocks nest.
 *
 * Needs: the parsed state.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Document, Line } from '../../compiler/syntax/ast.ts';
import { inside, type BlockContext } from '../syntax/block-context.ts';
import { rangeOf } from '../workspace/positions.ts';

export function documentSymbols(doc: Document): DocumentSymbol[] {
  return symbolsOf(doc.lines, { kind: 'top' }, doc.file.text);
}

function symbolsOf(lines: readonly Line[], ctx: BlockContext, text: string): DocumentSymbol[] {
  return lines.map((line) => symbolOf(line, ctx, text));
}

function symbolOf(line: Line, ctx: BlockContext, text: string): DocumentSymbol {
  const first = line.args[0];
  const nameSpan = first?.span ?? line.block!.open;
  const { name, detail, kind } = describe(line, ctx);
  const children = line.block === null ? [] : symbolsOf(line.block.lines, inside(ctx, line), text);
  return {
    name,
    ...(detail === '' ? {} : { detail }),
    kind,
    range: rangeOf(text, line.span.start, line.span.end),
    selectionRange: rangeOf(text, nameSpan.start, nameSpan.end),
    ...(children.length === 0 ? {} : { children }),
  };
}

function describe(line: Line, ctx: BlockContext): { name: string; detail: string; kind: SymbolKind } {
  const words = line.args.map((a) => a.raw);
  if (ctx.kind === 'top') {
    if (words.length === 0) return { name: 'global options', detail: '', kind: SymbolKind.Namespace };
    if (words[0].startsWith('(')) return { name: words[0], detail: 'snippet', kind: SymbolKind.Function };
    if (words[0] === 'import') return { name: `import ${words.slice(1).join(' ')}`, detail: '', kind: SymbolKind.Module };
    return { name: words.join(' '), detail: 'site', kind: SymbolKind.Module };
  }
  const name = words[0] ?? '{ … }';
  const detail = truncate(words.slice(1).join(' '));
  if (name.startsWith('@')) return { name, detail, kind: SymbolKind.Variable };
  if (ctx.kind === 'subdirectives' || ctx.kind === 'global') return { name, detail, kind: SymbolKind.Property };
  if (ctx.kind === 'matchers') return { name, detail, kind: SymbolKind.Operator };
  return { name, detail, kind: line.block !== null ? SymbolKind.Class : SymbolKind.Function };
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}
