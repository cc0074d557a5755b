import { describe, expect, it } from 'vitest';
import { parseBool } from '../../../compiler/values/bool.ts';
import { parseEnum } from '../../../compiler/values/enum.ts';
import { parseHeaderName } from '../../../compiler/values/header-name.ts';
import { parseMime } from '../../../compiler/values/mime.ts';
import { parseRegexp } from '../../../compiler/values/regexp.ts';
import { parseUrl } from '../../../compiler/values/url.ts';
import { recorder, run, arg } from './harness.ts';

describe('parseUrl', () => {
  it('reads absolute http(s) URLs', () => {
    expect(run(parseUrl, 'https://Example.com/a?b=1')).toEqual({ value: 'https://example.com/a?b=1', errors: [] });
  });

  it('rejects relative URLs with a hint to add the scheme, and other schemes', () => {
    expect(run(parseUrl, 'example.com/x').errors).toEqual(['RWS3108 0-13 invalid URL `example.com/x` | add the scheme: `https://example.com/x`']);
    expect(run(parseUrl, 'ftp://example.com').errors).toEqual(['RWS3108 0-17 invalid URL `ftp://example.com`: unsupported scheme `ftp` | use an `http://` or `https://` URL']);
  });
});

describe('parseRegexp', () => {
  it('returns the source of a valid expression', () => {
    expect(run(parseRegexp, '^/api/(?<rest>.*)$')).toEqual({ value: '^/api/(?<rest>.*)$', errors: [] });
  });

  it('includes the engine message', () => {
    expect(run(parseRegexp, '^/(a').errors).toEqual([
      'RWS3109 0-4 invalid regular expression `^/(a`: Unterminated group | regular expressions use JavaScript syntax; escape a literal `(`, `[` or `{` with a backslash',
    ]);
  });

  it('explains Go-style named groups and inline flags', () => {
    expect(run(parseRegexp, '(?P<id>\\d+)').errors).toEqual([
      'RWS3109 0-11 invalid regular expression `(?P<id>\\d+)`: Invalid group | JavaScript writes named groups as `(?<name>...)`, not `(?P<name>...)`',
    ]);
    expect(run(parseRegexp, '(?i)abc').errors).toEqual(['RWS3109 0-7 invalid regular expression `(?i)abc`: Invalid group | inline flags apply to a group in JavaScript: write `(?i:...)`']);
  });
});

describe('parseHeaderName', () => {
  it('lower-cases a valid token', () => {
    expect(run(parseHeaderName, 'X-Request-Id')).toEqual({ value: 'x-request-id', errors: [] });
  });

  it('points at the first bad character', () => {
    expect(run(parseHeaderName, 'X-Foo:').errors).toEqual(['RWS3111 5-6 invalid header field name `X-Foo:`: `:` is not allowed | write the name without a colon: `Name value`']);
    expect(run(parseHeaderName, 'X Foo', 'quoted').errors).toEqual([
      "RWS3111 2-3 invalid header field name `X Foo`: a space is not allowed | header names are letters, digits and ``!#$%&'*+-.^_`|~``",
    ]);
  });
});

describe('parseMime', () => {
  it.each([
    ['application/json', 'application/json'],
    ['Text/*', 'text/*'],
    ['*/*', '*/*'],
    ['image/svg+xml', 'image/svg+xml'],
    ['application/vnd.*', 'application/vnd.*'],
  ])('reads %s', (text, mime) => {
    expect(run(parseMime, text)).toEqual({ value: mime, errors: [] });
  });

  it('rejects a missing subtype, parameters and misplaced stars', () => {
    expect(run(parseMime, 'json').errors).toEqual(['RWS3112 0-4 invalid media type `json`: expected `type/subtype` | e.g. `application/json`, `text/*` or `image/svg+xml`']);
    expect(run(parseMime, 'text/html;charset=utf-8').errors).toEqual([
      'RWS3112 0-23 invalid media type `text/html;charset=utf-8`: parameters are not allowed | e.g. `application/json`, `text/*` or `image/svg+xml`',
    ]);
    expect(run(parseMime, '*/json').errors).toEqual([
      'RWS3112 0-6 invalid media type `*/json`: `*` may only replace the whole type or end the subtype | e.g. `application/json`, `text/*` or `image/svg+xml`',
    ]);
    expect(run(parseMime, 'text/ht ml', 'quoted').errors).toEqual([
      'RWS3112 0-12 invalid media type `text/ht ml`: it contains characters a media type cannot have | e.g. `application/json`, `text/*` or `image/svg+xml`',
    ]);
  });
});

describe('parseEnum', () => {
  const policies = ['round_robin', 'random', 'first', 'least_conn', 'ip_hash'] as const;

  it('returns a listed value', () => {
    expect(run((a, r) => parseEnum(a, r, policies), 'first')).toEqual({ value: 'first', errors: [] });
  });

  it('suggests a close value and offers a fix', () => {
    const r = recorder();
    expect(parseEnum(arg('rond_robin'), r, policies, 'lb_policy')).toBeNull();
    expect(r.heard).toHaveLength(1);
    expect(r.heard[0].message).toBe('unknown lb_policy `rond_robin`: expected one of `round_robin`, `random`, `first`, `least_conn`, `ip_hash`');
    expect(r.heard[0].options?.hint).toBe('did you mean `round_robin`?');
    expect(r.heard[0].options?.fix?.edits).toEqual([{ span: arg('rond_robin').span, newText: 'round_robin' }]);
  });

  it('suggests nothing for a far-off word', () => {
    expect(run((a, r) => parseEnum(a, r, policies), 'weighted').errors).toEqual([
      'RWS3113 0-8 unknown value `weighted`: expected one of `round_robin`, `random`, `first`, `least_conn`, `ip_hash`',
    ]);
  });
});

describe('parseBool', () => {
  it('reads on/off/true/false', () => {
    expect(['on', 'off', 'true', 'false'].map((s) => run(parseBool, s).value)).toEqual([true, false, true, false]);
  });

  it('rejects anything else', () => {
    expect(run(parseBool, 'yes').errors).toEqual(['RWS3114 0-3 invalid boolean `yes`: expected `on` or `off` | write `on` or `off`']);
  });
});
