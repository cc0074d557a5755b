/**
 * Tokenizes text with the committed Rwsfile grammar, the way VS Code does (vscode-textmate + the Oniguruma
 * WebAssembly build): one line at a time, carrying the rule stack from line to line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import oniguruma from 'vscode-oniguruma';
import vsctm from 'vscode-textmate';
import { GRAMMAR_PATH } from '../../grammar/generated-grammar.ts';
import { SCOPE_NAME } from '../../grammar/rwsfile-grammar.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ScopedToken {
  /** 0-based line and UTF-16 column of the token's first character. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
  /** Outermost first; the first is always `source.rwsfile`. */
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | null = null;

/** The grammar as written on disk (grammar/rwsfile.tmLanguage.json), or `text` when given. */
async function loadGrammar(text: string): Promise<vsctm.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === SCOPE_NAME ? vsctm.parseRawGrammar(text, GRAMMAR_PATH) : null),
  });
  const grammar = await registry.loadGrammar(SCOPE_NAME);
  if (grammar === null) throw new Error(`could not load ${GRAMMAR_PATH}`);
  return grammar;
}

export function committedGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= loadGrammar(readFileSync(join(ROOT, GRAMMAR_PATH), 'utf8'));
  return grammarPromise;
}

/** Every token of `source`, line by line (line breaks are not tokens). */
export async function tokenize(source: string): Promise<ScopedToken[]> {
  const grammar = await committedGrammar();
  const out: ScopedToken[] = [];
  let stack = vsctm.INITIAL;
  source.split(/\r?\n/).forEach((text, line) => {
    const result = grammar.tokenizeLine(text, stack);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, text.length);
      if (end > t.startIndex) out.push({ line, column: t.startIndex, text: text.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return out;
}
