import { describe, expect, test } from 'vitest';
import { negotiateEncoding, parseAcceptEncoding } from '../../../runtime/handlers/encoding/accept-encoding.ts';
import { compileTypeMatcher } from '../../../runtime/handlers/encoding/compressible-types.ts';

describe('Accept-Encoding', () => {
  test.each([
    [undefined, null],
    ['', null],
    ['gzip', 'gzip'],
    ['br, gzip', 'br'],
    ['gzip;q=0.9, br;q=0.8, zstd;q=0.95', 'zstd'],
    ['gzip; q=1.0, br ; q=0.5', 'gzip'],
    ['*', 'zstd'],
    ['*;q=0', null],
    ['br;q=0, *', 'zstd'],
    ['zstd;q=0, *;q=0.5', 'br'],
    ['identity;q=0', null],
    ['gzip;q=abc', null],
    ['gzip;q=2', 'gzip'],
    ['x-gzip', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding({ 'accept-encoding': header }, ['zstd', 'br', 'gzip'])).toBe(expected);
  });

  test('the first of duplicate entries counts', () => {
    expect(parseAcceptEncoding('gzip;q=0, gzip').get('gzip')).toBe(0);
  });
});

describe('compressible types', () => {
  const defaults = compileTypeMatcher([]);
  test.each([
    ['text/html; charset=utf-8', true],
    ['TEXT/CSS', true],
    ['application/json', true],
    ['application/problem+json', true],
    ['application/atom+xml', true],
    ['image/svg+xml', true],
    ['font/woff2', true],
    ['application/wasm', true],
    ['image/png', false],
    ['video/mp4', false],
    ['application/octet-stream', false],
    ['application/zip', false],
    ['', false],
  ])('%s → %s', (type, expected) => {
    expect(defaults(type)).toBe(expected);
  });

  test('a configured list replaces the defaults', () => {
    const custom = compileTypeMatcher(['text/markdown', 'application/*+yaml']);
    expect(custom('text/markdown')).toBe(true);
    expect(custom('application/ld+yaml')).toBe(true);
    expect(custom('text/html')).toBe(false);
  });
});
