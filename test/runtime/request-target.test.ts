import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../../runtime/http/host.ts';
import { decodePath, normalizePath, parseRequestTarget } from '../../runtime/http/request-target.ts';

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
    ['/q?a=1#frag', ok('/q', 'a=1')],
    ['/q?a=/../b', ok('/q', 'a=/../b')],
    ['/.well-known/x', ok('/.well-known/x')],
    ['/a.b/c..d/', ok('/a.b/c..d/')],
    ['/a//b?x', ok('/a/b', 'x')],
    ['/?', ok('/')],
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

  it('gives the same answer on its fast path as decoding and normalising would', () => {
    // Every target over a small alphabet up to length 5: the shapes where the fast path could go wrong.
    const alphabet = ['/', '.', 'a', '?', '#', '%2e', '%2F', '%'];
    const targets: string[] = [];
    const grow = (prefix: string, depth: number): void => {
      targets.push(prefix);
      if (depth === 0) return;
      for (const piece of alphabet) grow(prefix + piece, depth - 1);
    };
    grow('/', 4);
    for (const raw of targets) {
      const noFragment = raw.split('#')[0];
      const q = noFragment.indexOf('?');
      const decoded = decodePath(q === -1 ? noFragment : noFragment.slice(0, q));
      const expected = decoded === null || decoded.includes('\0') ? 'invalid' : { kind: 'ok', path: normalizePath(decoded), query: q === -1 ? '' : noFragment.slice(q + 1) };
      const actual = parseRequestTarget(raw);
      if (expected === 'invalid') expect(actual.kind, raw).toBe('invalid');
      else expect(actual, raw).toEqual(expected);
    }
  });
});
