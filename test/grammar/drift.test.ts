import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedGrammarFiles } from '../../grammar/generated-grammar.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generated editor files', () => {
  for (const file of generatedGrammarFiles()) {
    it(`${file.path} is up to date (UPDATE=1 or \`npm run grammar\` regenerates it)`, () => {
      const path = join(ROOT, file.path);
      if (process.env.UPDATE === '1') writeFileSync(path, file.text);
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = '';
      }
      expect(current, `${file.path} is out of date: run \`npm run grammar\``).toBe(file.text);
    });
  }
});
