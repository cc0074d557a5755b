import { describe, expect, it } from 'vitest';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../../../compiler/directives/index.ts';
import type { DirectiveSpec } from '../../../compiler/registry/directive.ts';
import { diagnostics, siteText } from './harness.ts';

const ALL: readonly DirectiveSpec[] = [...DIRECTIVES, ...GLOBAL_OPTIONS];

/** An example as a whole Rwsfile: global options in the options block, `tls` in an HTTPS site, the rest in a site. */
function exampleFile(spec: DirectiveSpec, example: string): string {
  // A declared upstream pool nothing uses is a warning (RWS3704): the site uses it.
  if (spec.name === 'upstream') return siteText(`reverse_proxy ${example.split(/\s+/)[1]}`, { global: example });
  if (spec.scopes.includes('global')) return siteText('respond "ok"', { global: example });
  return siteText(example, { tls: spec.name === 'tls' });
}

describe('directive registry', () => {
  it('has unique names across directives and global options', () => {
    const names = ALL.map((s) => s.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  for (const spec of ALL) {
    describe(spec.name, () => {
      it('has a one-line summary and docs with a syntax block that mention every argument and subdirective', () => {
        expect(spec.summary).toMatch(/^\S.*\.$/);
        expect(spec.summary).not.toContain('\n');
        expect(spec.docs).toMatch(new RegExp(`\`\`\`\\n${spec.name}\\b`));
        for (const arg of spec.args) expect(spec.docs, `argument ${arg.name}`).toContain(arg.name);
        if (spec.block?.kind === 'subdirectives') {
          for (const sub of spec.block.subdirectives) expect(spec.docs, `subdirective ${sub.name}`).toContain(sub.name);
        }
      });

      it('has examples that start with its name', () => {
        expect(spec.examples.length).toBeGreaterThan(0);
        for (const example of spec.examples) expect(example.split('\n').some((l) => l.trimStart().startsWith(spec.name))).toBe(true);
      });

      for (const example of spec.examples) {
        it(`compiles its example without diagnostics: ${example.split('\n')[0]}`, () => {
          expect(diagnostics(exampleFile(spec, example))).toEqual([]);
        });
      }
    });
  }
});
