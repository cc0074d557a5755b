import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../../runtime/http/host.ts';
import { parseRequestTarget } from '../../runtime/http/request-target.ts';

const ok = (path: string, query = '') => ({ kind: 'ok', path, query });

describe('request-target', () => {
  it.each([
    ['/', ok('/')],
    ['/a/b?x=1&y', ok('/a/b', 'x=1&y')],
    ['/a/../b', ok('/b')],
    ['/../../etc/passwd', ok('/etc/passwd')],
    ['/a/%2e%2e/%2e%2e/x', ok('/x')],
    ['/a/..%2f..%2fsecret', ok('/secret')],
    ['//a///b/', ok('/a/b/')],
    ['/a/./b/.', ok('/a/b/')],
    ['/a/b/..', ok('/a/')],
    ['/caf%C3%A9', ok('/café')],
    ['/a%20b', ok('/a b')],
    ['http://example.com/p?q=1', ok('/p', 'q=1')],
    ['http://example.com', ok('/')],
    ['/frag#ment', ok('/frag')],
  ])('%s', (raw, expected) => {
    expect(parseRequestTarget(raw)).toEqual(expected);
  });

  it.each([['/bad%zz'], ['/bad%'], ['/bad%e'], ['/notutf8%ff'], ['/nul%00x'], ['*'], ['relative']])('rejects %s', (raw) => {
    expect(parseRequestTarget(raw).kind).toBe('invalid');
  });
});

describe('host normalisation', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['example.com.', 'example.com'],
    ['EXAMPLE.com.:443', 'example.com'],
    ['[::1]:8080', '::1'],
    ['[::1]', '::1'],
    ['', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeHost(raw)).toBe(expected);
  });
});
