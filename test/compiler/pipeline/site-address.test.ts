import { describe, expect, it } from 'vitest';
import { parseSiteAddress, parseSiteAddresses } from '../../../compiler/bind/site-address.ts';
import type { DiagnosticCode } from '../../../compiler/diagnostics/codes.ts';
import type { Reporter } from '../../../compiler/registry/directive.ts';
import type { Arg } from '../../../compiler/syntax/ast.ts';

function collect(): { r: Reporter; errors: string[] } {
  const errors: string[] = [];
  const push = (code: DiagnosticCode, message: string) => errors.push(`${code} ${message}`);
  return { r: { error: push, warn: push }, errors };
}

const span = { file: 'f', start: 0, end: 0 };

function parsed(text: string) {
  const { r, errors } = collect();
  const a = parseSiteAddress(text, { ...span, end: text.length }, r);
  return a === null ? errors : { scheme: a.scheme, host: a.host, port: a.port };
}

describe('site addresses', () => {
  it.each([
    ['example.com', { scheme: null, host: 'example.com', port: null }],
    ['http://example.com', { scheme: 'http', host: 'example.com', port: null }],
    ['HTTPS://Example.COM:8443', { scheme: 'https', host: 'example.com', port: 8443 }],
    [':8080', { scheme: null, host: null, port: 8080 }],
    ['http://', { scheme: 'http', host: null, port: null }],
    ['http://:0', { scheme: 'http', host: null, port: 0 }],
    ['*.example.com', { scheme: null, host: '*.example.com', port: null }],
    ['[::1]:8080', { scheme: null, host: '::1', port: 8080 }],
    ['[::1]', { scheme: null, host: '::1', port: null }],
    ['127.0.0.1:9000', { scheme: null, host: '127.0.0.1', port: 9000 }],
    ['localhost', { scheme: null, host: 'localhost', port: null }],
    ['example.com.', { scheme: null, host: 'example.com', port: null }],
  ])('parses %s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it.each([
    ['ftp://example.com', 'RWS2011 unsupported scheme'],
    ['example.com/path', 'RWS2011 site address `example.com/path` has a path'],
    ['*', 'RWS2011 `*` is not a host'],
    ['a.*.example.com', 'RWS2011 invalid site address `a.*.example.com`: only one leftmost `*`'],
    ['*.*.example.com', 'RWS2011 invalid site address `*.*.example.com`: only one leftmost `*`'],
    ['::1', 'RWS2011 invalid site address `::1`: IPv6 addresses must be written in brackets'],
    ['[::1', 'RWS2011 invalid site address `[::1`: missing `]`'],
    ['[::1]x', 'RWS2011 invalid site address `[::1]x`: unexpected `x`'],
    ['example.com:', 'RWS2011 invalid site address `example.com:`: missing the port'],
    ['example.com:99999', 'RWS3105 invalid port `99999`'],
    ['example.com:http', 'RWS3105 invalid port `http`'],
    ['exa mple.com', 'RWS2011 invalid site address `exa mple.com`'],
    ['*.[::1]', 'RWS2011'],
  ])('rejects %s', (text, expected) => {
    const result = parsed(text);
    expect(Array.isArray(result)).toBe(true);
    expect((result as string[])[0]).toContain(expected);
  });

  it('splits comma-separated addresses, with or without spaces, and points each at its own text', () => {
    const word = (value: string, start: number): Arg => ({ kind: 'word', value, raw: value, span: { file: 'f', start, end: start + value.length } });
    const { r, errors } = collect();
    const list = parseSiteAddresses([word('a.com,b.com,', 0), word('c.com', 13), word(',', 19), word(':81', 21)], r);
    expect(errors).toEqual([]);
    expect(list.map((a) => [a.text, a.span.start, a.span.end])).toEqual([
      ['a.com', 0, 5],
      ['b.com', 6, 11],
      ['c.com', 13, 18],
      [':81', 21, 24],
    ]);
  });

  it('reports a site line with no address at all', () => {
    const { r, errors } = collect();
    expect(parseSiteAddresses([{ kind: 'word', value: ',', raw: ',', span: { file: 'f', start: 0, end: 1 } }], r)).toEqual([]);
    expect(errors).toEqual(['RWS2013 this site block has no address']);
  });
});
