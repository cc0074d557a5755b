import { describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateScope } from '../../../compiler/bind/template.ts';
import type { DiagnosticCode } from '../../../compiler/diagnostics/codes.ts';
import type { Span } from '../../../compiler/diagnostics/diagnostic.ts';
import type { Arg, ArgKind } from '../../../compiler/syntax/ast.ts';

function run(value: string, kind: ArgKind = 'quoted') {
  const raw = kind === 'quoted' ? `"${value}"` : kind === 'raw' ? `\`${value}\`` : value;
  const arg: Arg = { kind, value, raw, span: { file: 'f', start: 0, end: raw.length } };
  const errors: string[] = [];
  const errorUses: string[] = [];
  const scope: TemplateScope = {
    capture: (name) => (name === 'item' ? 7 : undefined),
    captureNames: () => ['item'],
    errorPlaceholder: (_span: Span, name: string) => errorUses.push(name),
  };
  const push = (code: DiagnosticCode, message: string, span: Span, options?: { hint?: string }) =>
    errors.push(`${code}@${span.start}-${span.end} ${message}${options?.hint ? ` | ${options.hint}` : ''}`);
  const template = parseTemplate(arg, scope, { error: push, warn: push });
  return { template, errors, errorUses };
}

describe('templates', () => {
  it('keeps a string without placeholders as a single element', () => {
    expect(run('hello').template).toEqual(['hello']);
    expect(run('').template).toEqual(['']);
  });

  it('resolves request fields and merges adjacent literals', () => {
    expect(run('{scheme}://{host}{uri}').template).toEqual([
      { ph: 'request', field: 'scheme' },
      '://',
      { ph: 'request', field: 'host' },
      { ph: 'request', field: 'uri' },
    ]);
    expect(run('a \\{b\\} c').template).toEqual(['a {b} c']);
  });

  it('resolves prefixed placeholders', () => {
    expect(run('{query.page}{header.X-Forwarded-For}{cookie.sid}{path.-1}{labels.0}{vars.name}{re.item.1}{re.item.id}').template).toEqual([
      { ph: 'query', name: 'page' },
      { ph: 'header', name: 'x-forwarded-for' },
      { ph: 'cookie', name: 'sid' },
      { ph: 'segment', index: -1 },
      { ph: 'label', index: 0 },
      { ph: 'var', name: 'name' },
      { ph: 'capture', matcher: 7, group: 1 },
      { ph: 'capture', matcher: 7, group: 'id' },
    ]);
  });

  it('records {err.*} uses for the binder to check', () => {
    const r = run('{err.status} {err.message}');
    expect(r.template).toEqual([{ ph: 'error', field: 'status' }, ' ', { ph: 'error', field: 'message' }]);
    expect(r.errorUses).toEqual(['err.status', 'err.message']);
  });

  it('reports unknown placeholders at their own position, with a suggestion', () => {
    const r = run('x {hots} y');
    expect(r.template).toBeNull();
    expect(r.errors).toEqual(['RWS4007@3-9 unknown placeholder `{hots}` | did you mean `{host}`?']);
  });

  it('reports malformed and unknown captures', () => {
    expect(run('{path.x}').errors[0]).toMatch(/^RWS4010/);
    expect(run('{query.}').errors[0]).toMatch(/^RWS4010/);
    expect(run('{re.itme.1}').errors).toEqual(['RWS4009@1-12 unknown regexp `itme` in `{re.itme.1}` | did you mean `{re.item.1}`?']);
    expect(run('{err.nope}').errors[0]).toMatch(/^RWS4007/);
  });

  it('leaves braces that are not placeholder-shaped alone', () => {
    expect(run('{"a": 1} {3} { spaced }').template).toEqual(['{"a": 1} {3} { spaced }']);
  });

  it('is lenient in raw strings and heredocs with unknown, far-off names, but not with typos', () => {
    expect(run('p{margin} {host}', 'raw').template).toEqual(['p{margin} ', { ph: 'request', field: 'host' }]);
    expect(run('{hots}', 'heredoc').errors[0]).toMatch(/^RWS4007/);
    expect(run('p{margin}', 'quoted').errors[0]).toMatch(/^RWS4007/);
  });
});
