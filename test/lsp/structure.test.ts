/**
 * Document symbols (outline), folding ranges and semantic tokens over stdio, on a valid and a broken file.
 */
import { describe, expect, test } from 'vitest';
import {
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRequest,
  type DocumentSymbol,
  type FoldingRange,
} from 'vscode-languageserver-protocol/node';
import { SEMANTIC_TOKENS_LEGEND } from '../../lsp/features/semantic-tokens-legend.ts';
import { serverPerFile } from './lsp-client.ts';

const server = serverPerFile();

const FILE = [
  '{',
  '\tadmin off',
  '}',
  '# shared headers',
  '# for every site',
  '(common) {',
  '\theader X-A 1',
  '}',
  'example.com {',
  '\t@api path /api/*',
  '\treverse_proxy @api :3000 {',
  '\t\tlb_policy first',
  '\t}',
  '\thandle {',
  '\t\trespond "hi {host}" 200',
  '\t}',
  '}',
  '',
].join('\n');

const outline = (symbols: DocumentSymbol[], depth = 0): string[] =>
  symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children ?? [], depth + 1)]);

describe('document symbols', () => {
  test('an outline of the global block, snippets, sites and their routes', async () => {
    const { uri } = await server.client.open('outline/Rwsfile', FILE);
    const symbols = (await server.client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(outline(symbols)).toEqual([
      'global options',
      '  admin (off)',
      '(common) (snippet)',
      '  header (X-A 1)',
      'example.com (site)',
      '  @api (path /api/*)',
      '  reverse_proxy (@api :3000)',
      '    lb_policy (first)',
      '  handle',
      '    respond ("hi {host}" 200)',
    ]);
  });

  test('a broken file still has an outline', async () => {
    const { uri } = await server.client.open('outline-broken/Rwsfile', 'example.com {\n\thandle {\n\t\trespond "x"\n');
    const symbols = (await server.client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(outline(symbols)).toEqual(['example.com (site)', '  handle', '    respond ("x")']);
  });
});

describe('folding ranges', () => {
  test('blocks and comment runs', async () => {
    const { uri } = await server.client.open('folding/Rwsfile', FILE);
    const ranges = (await server.client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) as FoldingRange[];
    expect(ranges.map((r) => `${r.startLine + 1}-${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}`)).toEqual(['1-2', '4-5 comment', '6-7', '9-16', '11-12', '14-15']);
  });
});

describe('semantic tokens', () => {
  test('directives, subdirectives, matchers, snippets, placeholders, values and comments', async () => {
    const { uri } = await server.client.open('tokens/Rwsfile', FILE);
    const tokens = await server.client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    const lines = FILE.split('\n');
    const decoded: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens!.data.length; i += 5) {
      const [dl, dc, len, type, mods] = tokens!.data.slice(i, i + 5);
      line += dl;
      char = dl === 0 ? char + dc : dc;
      const modifiers = SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, bit) => (mods & (1 << bit)) !== 0);
      decoded.push(`${lines[line].slice(char, char + len)}:${SEMANTIC_TOKENS_LEGEND.tokenTypes[type]}${modifiers.map((m) => `.${m}`).join('')}`);
    }
    expect(decoded).toEqual([
      'admin:keyword',
      '# shared headers:comment',
      '# for every site:comment',
      '(common):function.declaration',
      'header:keyword',
      'example.com:namespace',
      '@api:variable.declaration',
      'path:operator',
      'reverse_proxy:keyword',
      '@api:variable',
      'lb_policy:property',
      'first:enumMember',
      'handle:keyword',
      'respond:keyword',
      '"hi :string',
      '{host}:macro',
      '":string',
      '200:number',
    ]);
  });
});
