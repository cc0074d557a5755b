import { describe, expect, it } from 'vitest';
import { checkHost } from '../../../compiler/values/host.ts';

describe('checkHost', () => {
  it.each([
    ['Example.COM.', { ok: true, host: 'example.com', ipv6: false }],
    ['127.0.0.1', { ok: true, host: '127.0.0.1', ipv6: false }],
    ['[::1]', { ok: true, host: '::1', ipv6: true }],
    ['[FE80::1]', { ok: true, host: 'fe80::1', ipv6: true }],
    ['under_score.internal', { ok: true, host: 'under_score.internal', ipv6: false }],
    [`${'a'.repeat(63)}.com`, { ok: true, host: `${'a'.repeat(63)}.com`, ipv6: false }],
  ])('accepts %s', (text, result) => {
    expect(checkHost(text)).toEqual(result);
  });

  it.each([
    ['::1', 'IPv6 addresses must be written in brackets'],
    ['[::1', '`[::1` is not an IPv6 address'],
    ['999.1.1.1', '`999.1.1.1` is not a valid IPv4 address'],
    ['1.2.3.4.', '`1.2.3.4.` is not a valid IPv4 address'],
    ['1.2.3', '`1.2.3` is not a valid IPv4 address'],
    ['a..b', '`a..b` is not a valid host name'],
    ['.', '`.` is not a valid host name'],
    ['-a.com', '`-a.com` is not a valid host name'],
    ['a:b', '`a:b` is not a valid host name'],
    [`${'a'.repeat(64)}.com`, `\`${'a'.repeat(64)}.com\` is not a valid host name`],
  ])('rejects %s', (text, reason) => {
    expect(checkHost(text)).toEqual({ ok: false, reason });
  });
});
