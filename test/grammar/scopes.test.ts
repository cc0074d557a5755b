import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAssertions, isAssertionLine, parseAssertions } from './assertions.ts';
import { tokenize, type ScopedToken } from './tokenize.ts';

const SAMPLES = join(import.meta.dirname, 'samples');
const names = readdirSync(SAMPLES).filter((f) => f.endsWith('.rws'));

/** One line per token (assertion lines and white space left out), scopes without `source.rwsfile` and `.rwsfile`. */
function snapshot(source: string, tokens: readonly ScopedToken[]): string {
  const lines = source.split(/\r?\n/);
  return tokens
    .filter((t) => t.text.trim() !== '' && !isAssertionLine(lines[t.line]))
    .map((t) => `${t.line + 1}:${t.column + 1} ${JSON.stringify(t.text)} ${t.scopes.slice(1).map((s) => s.replace(/\.rwsfile$/, '')).join(' ')}`)
    .join('\n')
    .concat('\n');
}

describe('TextMate grammar on sample Rwsfiles (vscode-textmate + vscode-oniguruma)', () => {
  it('has samples', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of names) {
    const source = readFileSync(join(SAMPLES, name), 'utf8');

    it(`${name}: the marked positions have their asserted scopes`, async () => {
      const assertions = parseAssertions(source);
      expect(assertions.length).toBeGreaterThan(5);
      expect(checkAssertions(assertions, await tokenize(source))).toEqual([]);
    });

    it(`${name}: every token has the scopes in ${name}.scopes (UPDATE=1 rewrites it)`, async () => {
      const actual = snapshot(source, await tokenize(source));
      const path = join(SAMPLES, `${name}.scopes`);
      if (process.env.UPDATE === '1') writeFileSync(path, actual);
      expect(actual).toBe(readFileSync(path, 'utf8'));
    });
  }
});
