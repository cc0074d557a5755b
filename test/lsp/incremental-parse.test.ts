/**
 * The parse cache's incremental re-parse gives exactly what parsing the whole new text gives (tree, spans,
 * comments, diagnostics), over a few thousand seeded random edits of real Rwsfiles; and it is really used for
 * edits inside a block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from '../../compiler/syntax/parser.ts';
import { reparse } from '../../lsp/workspace/incremental-parse.ts';
import { ParseCache } from '../../lsp/workspace/parse-cache.ts';
import { lspBenchFiles } from '../../bench/lsp-rwsfile.ts';
import { Prng } from '../fuzz/prng.ts';
import { REPO } from '../support/rws-process.ts';

const SNIPPETS = ['x', ' ', '\n', '{', '}', '"', '`', '#', '@a', '{host}', '\\', 'respond "hi"\n', '<<EOF\nbody\nEOF\n', '\t'];

function sources(): string[] {
  const examples = readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.rws'));
  return [...examples.map((f) => readFileSync(join(REPO, 'examples', f), 'utf8')), readFileSync(join(REPO, 'Rwsfile.example'), 'utf8'), lspBenchFiles(120).main];
}

function randomEdit(text: string, prng: Prng): string {
  const at = prng.int(text.length + 1);
  const removed = prng.chance(0.4) ? prng.between(1, 3) : 0;
  const inserted = prng.chance(0.7) ? SNIPPETS[prng.int(SNIPPETS.length)] : '';
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

describe('incremental re-parse', () => {
  test('equals a full parse after every edit of a random typing session', () => {
    const prng = new Prng(20261125);
    let incremental = 0;
    for (const [i, source] of sources().entries()) {
      const path = `/virtual/${i}/Rwsfile`;
      const cache = new ParseCache();
      let text = source;
      cache.parse({ path, text });
      for (let step = 0; step < 120; step++) {
        const next = randomEdit(text, prng);
        const previous = cache.parse({ path, text });
        if (reparse(previous, { path, text: next }) !== null) incremental++;
        const got = cache.parse({ path, text: next });
        const want = parse({ path, text: next });
        expect(JSON.stringify(got), `source ${i}, step ${step}`).toBe(JSON.stringify(want));
        // Drift back towards valid text now and then, so sessions do not stay broken.
        text = prng.chance(0.2) ? source : next;
        if (text === source) cache.parse({ path, text });
      }
    }
    expect(incremental).toBeGreaterThan(100);
  });

  test('a keystroke inside a site block is re-parsed incrementally; one in a header is not', () => {
    const text = 'a.example.com {\n\trespond "a"\n}\nb.example.com {\n\trespond "b"\n}\n';
    const path = '/virtual/Rwsfile';
    const previous = parse({ path, text });
    const inside = text.replace('"b"', '"bb"');
    expect(reparse(previous, { path, text: inside })).not.toBeNull();
    expect(JSON.stringify(reparse(previous, { path, text: inside }))).toBe(JSON.stringify(parse({ path, text: inside })));
    expect(reparse(previous, { path, text: text.replace('b.example.com', 'c.example.com') })).toBeNull();
    expect(reparse(previous, { path, text: text.replace('"a"', '"a') })).toBeNull();
  });
});
