import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../compiler/diagnostics/codes.ts';
import { generatedDocs } from '../../compiler/docs/generated-docs.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generated reference docs', () => {
  for (const doc of generatedDocs()) {
    it(`${doc.path} is up to date (UPDATE=1 or \`npm run docs\` regenerates it)`, () => {
      const path = join(ROOT, doc.path);
      if (process.env.UPDATE === '1') writeFileSync(path, doc.text);
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = '';
      }
      expect(current, `${doc.path} is out of date: run \`npm run docs\``).toBe(doc.text);
    });
  }

  it('documents every diagnostic code', () => {
    const doc = generatedDocs().find((d) => d.path === 'docs/diagnostics.md')!.text;
    const missing = Object.keys(CODES).filter((c) => !doc.includes(`### ${c}\n`));
    expect(missing).toEqual([]);
  });
});

/** Every .ts file under compiler/, except the code tables and the docs generator. */
function compilerSources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) out.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'compiler'));
  const isTable = (p: string) => /^compiler\/diagnostics\/codes(-[a-z]+)?\.ts$/.test(p) || p.startsWith('compiler/docs/');
  return out.filter((f) => !isTable(f.path));
}

describe('diagnostic codes', () => {
  it('are each emitted somewhere in the compiler, not only listed in a table', () => {
    // A directive's `codes: [...]` list documents codes; it does not emit them.
    const sources = compilerSources().map((f) => f.text.replace(/\bcodes:\s*\[[^\]]*\]/g, ''));
    const unused = Object.keys(CODES).filter((c) => !sources.some((text) => new RegExp(`['"\`]${c}['"\`]`).test(text)));
    expect(unused, `diagnostic codes that no compiler source emits:\n  ${unused.join('\n  ')}\n`).toEqual([]);
  });
});
