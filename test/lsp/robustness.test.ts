/**
 * Every cursor-driven feature answers (never throws) at every offset of the example Rwsfiles, whole, cut in
 * half, and with every `}` removed: the broken, half-typed files an editor sends all the time. (In process:
 * one sweep over stdio would take minutes; the stdio tests cover the answers themselves.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { completion } from '../../lsp/features/completion.ts';
import { documentSymbols } from '../../lsp/features/document-symbols.ts';
import { foldingRanges } from '../../lsp/features/folding-ranges.ts';
import { hover } from '../../lsp/features/hover.ts';
import { semanticTokens } from '../../lsp/features/semantic-tokens.ts';
import { signatureHelp } from '../../lsp/features/signature-help.ts';
import { symbolsOf } from '../../lsp/symbols/symbol-index.ts';
import { Workspace } from '../../lsp/workspace/workspace.ts';
import { REPO } from '../support/rws-process.ts';

test('no feature throws at any offset of broken and half-typed files', () => {
  const files = [...readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.rws')).map((f) => join(REPO, 'examples', f)), join(REPO, 'Rwsfile.example')];
  let answered = 0;
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    for (const variant of [text, text.slice(0, text.length >> 1), text.replaceAll('}', '')]) {
      const ws = new Workspace({});
      ws.open(path, variant, 1);
      const doc = ws.tree(path)!;
      expect(() => [semanticTokens(doc), documentSymbols(doc), foldingRanges(doc)]).not.toThrow();
      for (let offset = 0; offset <= variant.length; offset++) {
        completion({ doc, offset, snippets: () => [], env: () => ({}), pools: () => [] });
        hover({ doc, offset, analysis: () => ws.analysis(path), symbols: () => symbolsOf(ws.analysis(path)), env: {} });
        signatureHelp(doc, offset);
        answered++;
      }
    }
  }
  expect(answered).toBeGreaterThan(1000);
});
