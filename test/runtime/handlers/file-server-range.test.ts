import { describe, expect, test } from 'vitest';
import { parseRange } from '../../../runtime/handlers/static/range.ts';
import { compileHide } from '../../../runtime/handlers/static/hide.ts';
import { evaluatePreconditions, type Validators } from '../../../runtime/handlers/static/conditional.ts';

describe('Range header', () => {
  test.each([
    ['bytes=0-0', 10, { kind: 'ranges', ranges: [{ start: 0, end: 0 }] }],
    ['bytes=2-', 10, { kind: 'ranges', ranges: [{ start: 2, end: 9 }] }],
    ['bytes=-3', 10, { kind: 'ranges', ranges: [{ start: 7, end: 9 }] }],
    ['bytes=-30', 10, { kind: 'ranges', ranges: [{ start: 0, end: 9 }] }],
    ['bytes=5-100', 10, { kind: 'ranges', ranges: [{ start: 5, end: 9 }] }],
    ['bytes=0-2, 3-5', 10, { kind: 'ranges', ranges: [{ start: 0, end: 5 }] }],
    ['bytes=6-8,0-1', 10, { kind: 'ranges', ranges: [{ start: 0, end: 1 }, { start: 6, end: 8 }] }],
    ['bytes=0-4,2-6', 10, { kind: 'ranges', ranges: [{ start: 0, end: 6 }] }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }],
    ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=20-30, 40-', 10, { kind: 'unsatisfiable' }],
    ['bytes=20-30, 1-2', 10, { kind: 'ranges', ranges: [{ start: 1, end: 2 }] }],
    ['bytes=5-1', 10, { kind: 'whole' }],
    ['bytes=a-b', 10, { kind: 'whole' }],
    ['bytes=-', 10, { kind: 'whole' }],
    ['items=0-1', 10, { kind: 'whole' }],
    ['bytes=', 10, { kind: 'whole' }],
    [`bytes=${Array.from({ length: 40 }, (_, i) => `${i}-${i}`).join(',')}`, 100, { kind: 'whole' }],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('hide', () => {
  const hidden = compileHide(['*.key', 'private', 'drafts/*.md', '/srv/www/config.json']);
  test.each([
    ['.env', true],
    ['a/.git/config', true],
    ['server.key', true],
    ['deep/dir/server.key', true],
    ['private', true],
    ['private/x/y.txt', true],
    ['public/private', true],
    ['drafts/post.md', true],
    ['drafts/sub/post.md', false],
    ['other/drafts/post.md', false],
    ['config.json', true],
    ['index.html', false],
    ['keys/readme.txt', false],
  ])('%s → %s', (rel, expected) => {
    expect(hidden(rel, `/srv/www/${rel}`)).toBe(expected);
  });
});

describe('preconditions', () => {
  const v: Validators = { etag: '"abc"', modifiedMs: Date.UTC(2024, 0, 2), lastModified: new Date(Date.UTC(2024, 0, 2)).toUTCString() };
  const day = (d: number) => new Date(Date.UTC(2024, 0, d)).toUTCString();
  test.each([
    ['GET', {}, 'proceed'],
    ['GET', { 'if-none-match': '"abc"' }, 'not-modified'],
    ['GET', { 'if-none-match': 'W/"abc"' }, 'not-modified'],
    ['PUT', { 'if-none-match': '"abc"' }, 'failed'],
    ['GET', { 'if-none-match': '"x"', 'if-modified-since': day(3) }, 'proceed'],
    ['GET', { 'if-modified-since': day(3) }, 'not-modified'],
    ['GET', { 'if-modified-since': day(1) }, 'proceed'],
    ['GET', { 'if-modified-since': 'garbage' }, 'proceed'],
    ['POST', { 'if-modified-since': day(3) }, 'proceed'],
    ['GET', { 'if-match': 'W/"abc"' }, 'failed'],
    ['GET', { 'if-match': '"x", "abc"' }, 'proceed'],
    ['GET', { 'if-match': '*' }, 'proceed'],
    ['GET', { 'if-unmodified-since': day(1) }, 'failed'],
    ['GET', { 'if-unmodified-since': day(2) }, 'proceed'],
    ['GET', { 'if-match': '"abc"', 'if-unmodified-since': day(1) }, 'proceed'],
  ] as const)('%s %j → %s', (method, headers, expected) => {
    expect(evaluatePreconditions(method, headers, v)).toBe(expected);
  });
});
