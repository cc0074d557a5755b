import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { REPO } from '../support/rws-process.ts';

const files = [join(REPO, 'Rwsfile.example'), ...readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.rws')).map((f) => join(REPO, 'examples', f))];

describe('examples compile without errors or warnings', () => {
  it('has examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const path of files) {
    it(path.slice(REPO.length + 1), () => {
      const result = compile({ path, env: {} });
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(result.plan?.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  }
});
