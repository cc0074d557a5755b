import { describe, expect, it } from 'vitest';
import type { Diagnostic, Note } from '../../../compiler/diagnostics/diagnostic.ts';
import { renderHuman, renderJson } from '../../../compiler/diagnostics/render.ts';
import type { SourceFile } from '../../../compiler/syntax/ast.ts';

const FILE: SourceFile = {
  path: 'Rwsfile',
  text: ['{', '\tadmin off', '}', 'import common', '', 'example.com {', '\t@api path /api/*', '    revers_proxy @api 127.0.0.1:3000', '}', ''].join('\n'),
};

/** A diagnostic whose span is the first occurrence of `needle` in FILE (or in `file`). */
function at(needle: string, extra: Partial<Diagnostic> = {}, file: SourceFile = FILE): Diagnostic {
  const start = file.text.indexOf(needle);
  if (start < 0) throw new Error(`no ${needle}`);
  return { code: 'RWS1007', severity: 'error', message: 'syntax error', span: { file: file.path, start, end: start + needle.length }, notes: [], ...extra };
}

function note(message: string, needle?: string): Note {
  if (needle === undefined) return { message };
  const start = FILE.text.indexOf(needle);
  return { message, span: { file: FILE.path, start, end: start + needle.length } };
}

const human = (ds: Diagnostic[], files: SourceFile[] = [FILE]) => renderHuman(ds, files, { color: false });

describe('renderHuman', () => {
  it('prints the source line, carets under the span, help and notes, and a summary', () => {
    const d = at('revers_proxy', {
      message: 'unknown directive `revers_proxy`',
      hint: 'did you mean `reverse_proxy`?',
      notes: [note('imported here', 'import common')],
    });
    expect(human([d])).toBe(
      [
        'Rwsfile:8:5: error[RWS1007]: unknown directive `revers_proxy`',
        '  |',
        '8 |     revers_proxy @api 127.0.0.1:3000',
        '  |     ^^^^^^^^^^^^',
        '  = help: did you mean `reverse_proxy`?',
        '  = note: Rwsfile:4:1: imported here',
        '',
        '1 error',
        '',
      ].join('\n'),
    );
  });

  it('returns nothing when there is nothing to say', () => {
    expect(human([])).toBe('');
  });

  it('expands tabs to 4 columns for the caret but reports the UTF-16 column', () => {
    const out = human([at('path /api/*', { severity: 'warning', code: 'RWS1003', message: 'unused matcher' })]);
    expect(out).toBe(
      [
        'Rwsfile:7:7: warning[RWS1003]: unused matcher',
        '  |',
        '7 |     @api path /api/*',
        '  |          ^^^^^^^^^^^',
        '',
        '1 warning',
        '',
      ].join('\n'),
    );
  });

  it('separates several diagnostics with a blank line and counts them by severity', () => {
    const out = human([at('admin'), at('example.com', { severity: 'warning' }), at('@api', { severity: 'info' }), at('import')]);
    expect(out.split('\n').filter((l) => /^Rwsfile:/.test(l))).toEqual([
      'Rwsfile:2:2: error[RWS1007]: syntax error',
      'Rwsfile:6:1: warning[RWS1007]: syntax error',
      'Rwsfile:7:2: info[RWS1007]: syntax error',
      'Rwsfile:4:1: error[RWS1007]: syntax error',
    ]);
    expect(out).toContain('  |     ^^^^^\n\nRwsfile:6:1');
    expect(out.endsWith('\n\n2 errors, 1 warning\n')).toBe(true);
  });

  it('underlines only the first line of a span over several lines', () => {
    const out = human([at('example.com {\n\t@api', { message: 'site' })]);
    expect(out).toBe(['Rwsfile:6:1: error[RWS1007]: site', '  |', '6 | example.com {', '  | ^^^^^^^^^^^^^', '', '1 error', ''].join('\n'));
  });

  it('widens the gutter for long line numbers and draws one caret for an empty span at the end of a line', () => {
    const text = 'a\n'.repeat(11) + 'site {';
    const file = { path: 'big', text };
    const d: Diagnostic = { code: 'RWS1004', severity: 'error', message: 'missing `}`', span: { file: 'big', start: text.length, end: text.length }, notes: [] };
    expect(human([d], [file])).toBe(['big:12:7: error[RWS1004]: missing `}`', '   |', '12 | site {', '   |       ^', '', '1 error', ''].join('\n'));
  });

  it('prints notes without a place, fix messages, and a diagnostic from a file it was not given', () => {
    const d: Diagnostic = {
      code: 'RWS1003',
      severity: 'error',
      message: 'bad',
      span: { file: 'elsewhere.rws', start: 3, end: 4 },
      notes: [note('see the docs')],
      fix: { message: 'replace with `x`', edits: [] },
    };
    expect(human([d])).toBe(['elsewhere.rws: error[RWS1003]: bad', '  = help: replace with `x`', '  = note: see the docs', '', '1 error', ''].join('\n'));
  });

  it('does not repeat a fix in words when a hint already says it', () => {
    const d: Diagnostic = {
      code: 'RWS1003',
      severity: 'error',
      message: 'bad',
      span: { file: 'elsewhere.rws', start: 3, end: 4 },
      notes: [],
      hint: 'did you mean `x`?',
      fix: { message: 'replace with `x`', edits: [] },
    };
    expect(human([d])).toBe(['elsewhere.rws: error[RWS1003]: bad', '  = help: did you mean `x`?', '', '1 error', ''].join('\n'));
  });

  it('shortens paths under relativeTo', () => {
    const file = { path: '/srv/site/Rwsfile', text: 'oops\n' };
    const d: Diagnostic = { code: 'RWS1003', severity: 'error', message: 'bad', span: { file: file.path, start: 0, end: 4 }, notes: [] };
    expect(renderHuman([d], [file], { color: false, relativeTo: '/srv/site' }).split('\n')[0]).toBe('Rwsfile:1:1: error[RWS1003]: bad');
  });

  it('colors only when asked', () => {
    const d = at('admin', { hint: 'remove it' });
    expect(human([d])).not.toContain('\x1b[');
    const colored = renderHuman([d], [FILE], { color: true });
    expect(colored).toContain('\x1b[1;31merror[RWS1007]\x1b[0m');
    expect(colored).toContain('\x1b[1;31m^^^^^\x1b[0m');
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(human([d]));
  });
});

describe('renderJson', () => {
  it('gives 1-based start and exclusive end positions, hint, notes and fix', () => {
    const start = FILE.text.indexOf('revers_proxy');
    const d = at('revers_proxy', {
      message: 'unknown directive `revers_proxy`',
      hint: 'did you mean `reverse_proxy`?',
      notes: [note('imported here', 'import common'), note('no place')],
      fix: { message: 'replace with `reverse_proxy`', edits: [{ span: { file: 'Rwsfile', start, end: start + 12 }, newText: 'reverse_proxy' }] },
    });
    expect(renderJson([d], [FILE])).toEqual([
      {
        file: 'Rwsfile',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 17,
        severity: 'error',
        code: 'RWS1007',
        message: 'unknown directive `revers_proxy`',
        hint: 'did you mean `reverse_proxy`?',
        notes: [{ message: 'imported here', file: 'Rwsfile', line: 4, column: 1 }, { message: 'no place' }],
        fix: {
          message: 'replace with `reverse_proxy`',
          edits: [{ file: 'Rwsfile', line: 8, column: 5, endLine: 8, endColumn: 17, newText: 'reverse_proxy' }],
        },
      },
    ]);
  });

  it('has a null hint and no fix key when there are none, and spans over lines end on a later line', () => {
    const [json] = renderJson([at('}\nimport')], [FILE]);
    expect(json).toMatchObject({ line: 3, column: 1, endLine: 4, endColumn: 7, hint: null, notes: [] });
    expect('fix' in json).toBe(false);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('counts columns in UTF-16 code units', () => {
    const file = { path: 'u', text: 'respond "🙂" x\n' };
    const start = file.text.indexOf('x');
    const [json] = renderJson([{ code: 'RWS1003', severity: 'error', message: 'm', span: { file: 'u', start, end: start + 1 }, notes: [] }], [file]);
    expect([json.column, json.endColumn]).toEqual([14, 15]);
  });
});
