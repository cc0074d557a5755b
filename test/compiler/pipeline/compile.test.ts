import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bind } from '../../../compiler/bind/bind.ts';
import { check } from '../../../compiler/check/check.ts';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../../../compiler/directives/index.ts';
import { compile, expand } from '../../../compiler/index.ts';
import type { DirectiveSpec } from '../../../compiler/registry/directive.ts';
import { codes, compileText, FILE } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rws-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compile()', () => {
  it('reads the main file and its imports from disk when no text is given', () => {
    writeFileSync(join(dir, 'Rwsfile'), 'import site.rws\n');
    writeFileSync(join(dir, 'site.rws'), 'x.test {\n\trespond "from disk"\n}\n');
    const r = compile({ path: join(dir, 'Rwsfile'), env: {} });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.files).toEqual([join(dir, 'Rwsfile'), join(dir, 'site.rws')]);
  });

  it('reports a missing main file', () => {
    const r = compile({ path: join(dir, 'nope'), env: {} });
    expect(r.plan).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RWS2014']);
  });

  it('uses readFile for imports (open editor buffers)', () => {
    const r = compileText('import part.rws\n', { '/virtual/part.rws': 'y.test {\n\trespond "buffer"\n}\n' });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.listeners[0].hosts.exact).toEqual({ 'y.test': 0 });
  });

  it('sorts diagnostics by file (in read order) then offset, and reports many errors in one pass', () => {
    const r = compileText('import part.rws\nx.test {\n\tfrob\n\trespond "{nope}"\n}\n', { '/virtual/part.rws': 'y.test {\n\tbork\n}\n' });
    expect(codes(r)).toEqual(['RWS3001@3:2', 'RWS4007@4:11', 'RWS3001@/virtual/part.rws:2:2']);
    expect(r.diagnostics[2].notes.map((n) => n.message)).toEqual(['imported here']);
    expect(r.plan).toBeNull();
  });

  it('keeps a plan when there are only warnings', () => {
    const r = compileText('x.test {\n\t@unused path /u\n\trespond "ok"\n}\n');
    expect(codes(r)).toEqual(['RWS5005@2:2']);
    expect(r.plan).not.toBeNull();
  });

  it('records environment variables used, for hover', () => {
    const e = expand({ path: FILE, text: '{$HOST}:{$PORT:8080} {\n\trespond `{$RAW}`\n}\n', env: { HOST: 'h.test' }, readFile: () => null });
    expect(e.value.env.map((u) => [u.name, u.value, u.defaultValue])).toEqual([
      ['HOST', 'h.test', null],
      ['PORT', null, '8080'],
    ]);
  });

  it('turns a crashing bind hook into RWS9001 at its line and goes on', () => {
    const crash: DirectiveSpec = {
      name: 'crash',
      summary: 'crashes',
      docs: '',
      examples: [],
      scopes: ['site'],
      phase: 'respond',
      matcher: false,
      terminal: false,
      args: [],
      block: null,
      bind() {
        throw new Error('boom');
      },
    };
    const e = expand({ path: FILE, text: 'x.test {\n\tcrash\n\tfrob\n}\n', env: {}, readFile: () => null });
    const b = bind(e.value, { directives: [...DIRECTIVES, crash], globalOptions: GLOBAL_OPTIONS });
    expect(b.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['RWS9001 internal error in `crash`: boom', 'RWS3001 unknown directive `frob`']);
  });

  it('turns a crashing check into RWS9002 and runs the others', () => {
    const e = expand({ path: FILE, text: 'x.test {\n\t@u path /u\n\trespond "x"\n}\n', env: {}, readFile: () => null });
    const b = bind(e.value);
    const broken = { name: 'broken', run: () => { throw new Error('bad check'); } };
    const c = check(b.value, [broken, { name: 'unused', run: (config, sink) => sink.warn('RWS5005', `${config.namedMatchers.length}`, config.namedMatchers[0].nameSpan) }]);
    expect(c.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['RWS9002 internal error in the check "broken": bad check', 'RWS5005 1']);
  });

  it('never throws on random input', () => {
    const alphabet = ['{', '}', '\n', ' ', 'x.test', ':0', '@m', 'path', '/a/*', 'respond', '"s"', 'handle', 'route', 'import', '(s)', '{host}', '{$E}', '\t', 'not', 'tls', '{args[0]}', ','];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < 30; j++) text += alphabet[Math.floor(rand() * alphabet.length)] + (rand() < 0.3 ? ' ' : '');
      const r = compileText(text, { '/virtual/x.test': text });
      expect(r.diagnostics.every((d) => d.code !== 'RWS9003' && d.code !== 'RWS9001' && d.code !== 'RWS9002'), text).toBe(true);
    }
  });
});

describe('pseudo-files', () => {
  it('keeps `<admin>` as the file name and leaves it out of the plan files', () => {
    const r = compile({ path: '<admin>', text: 'x.test {\n\tfrob\n}\n', env: {} });
    expect(r.diagnostics.map((d) => d.span.file)).toEqual(['<admin>']);
    const ok = compile({ path: '<stdin>', text: 'x.test {\n\trespond "ok"\n}\n', env: {} });
    expect(ok.plan!.files).toEqual([]);
    expect(ok.plan!.listeners[0].sites[0].origin).toBe('<stdin>:1:1');
  });
});
