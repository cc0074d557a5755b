/**
 * Golden tests: each `*.rwstest` file is an Rwsfile, a line `----------`, and the expected output: the
 * diagnostics (one per line, `file:line:col: severity[CODE]: message`, then `  help:` and `  note:` lines),
 * followed by the plan as pretty JSON when it compiles. Paths are shown relative to the test's folder and the
 * plan hash (which covers absolute file paths) as "<hash>". `UPDATE=1 npx vitest run test/golden` rewrites the
 * expectations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Span } from '../../compiler/diagnostics/diagnostic.ts';
import { compile } from '../../compiler/index.ts';
import type { SourceFile } from '../../compiler/syntax/ast.ts';

const SEPARATOR = '----------';
const HERE = import.meta.dirname;
const ENV = { RWS_TEST_HOST: 'env.example.com', RWS_TEST_PORT: '8081', RWS_TEST_EMPTY: '' };

const files = fg.sync('**/*.rwstest', { cwd: HERE, absolute: true }).sort();

describe('golden files', () => {
  it('has at least 40 cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });
  for (const path of files) {
    it(relative(HERE, path), () => {
      const content = readFileSync(path, 'utf8');
      const at = content.indexOf(`\n${SEPARATOR}\n`);
      if (at === -1) throw new Error(`${path}: no line \`${SEPARATOR}\` separates the Rwsfile from the expected output`);
      const input = content.slice(0, at + 1);
      const expected = content.slice(at + SEPARATOR.length + 2);
      const actual = render(path, input);
      if (process.env.UPDATE === '1') {
        writeFileSync(path, `${input}${SEPARATOR}\n${actual}`);
        return;
      }
      expect(actual).toBe(expected);
    });
  }
});

function render(path: string, text: string): string {
  const dir = dirname(path);
  const result = compile({ path, text, env: ENV });
  const rel = (s: string): string => s.split(`${dir}/`).join('').split(dir).join('.');
  const lines: string[] = [];
  for (const d of result.diagnostics) lines.push(...renderDiagnostic(d, result.files, rel));
  if (result.plan !== null) {
    const shown = { ...result.plan, hash: '<hash>' };
    lines.push(JSON.stringify(shown, (_key, value: unknown) => (typeof value === 'string' ? rel(value) : value), 2));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function renderDiagnostic(d: Diagnostic, files: readonly SourceFile[], rel: (s: string) => string): string[] {
  const out = [`${where(d.span, files, rel)}: ${d.severity}[${d.code}]: ${rel(d.message)}`];
  if (d.hint !== undefined) out.push(`  help: ${rel(d.hint)}`);
  for (const n of d.notes) out.push(`  note: ${n.span === undefined ? '' : `${where(n.span, files, rel)}: `}${rel(n.message)}`);
  if (d.fix !== undefined) {
    const edits = d.fix.edits.map((e) => `${where(e.span, files, rel)}..${where({ ...e.span, start: e.span.end }, files, rel).replace(/^.*?:(?=\d+:\d+$)/, '')} => ${JSON.stringify(e.newText)}`);
    out.push(`  fix: ${rel(d.fix.message)}: ${edits.join('; ')}`);
  }
  return out.map((l) => l.replace(/\n/g, '\\n'));
}

/** A tiny line/column printer (1-based, UTF-16 columns). */
function where(span: Span, files: readonly SourceFile[], rel: (s: string) => string): string {
  const text = files.find((f) => f.path === span.file)?.text ?? '';
  const before = text.slice(0, span.start);
  const line = before.split('\n').length;
  const column = span.start - (before.lastIndexOf('\n') + 1) + 1;
  return `${rel(span.file)}:${line}:${column}`;
}
