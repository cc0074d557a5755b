import { describe, expect, it } from 'vitest';
import { parseUpstream } from '../../../compiler/values/upstream.ts';
import { run } from './harness.ts';

describe('parseUpstream', () => {
  it.each([
    ['127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['localhost', 'http://localhost:80'],
    [':8080', 'http://localhost:8080'],
    ['http://App.Internal:8080', 'http://app.internal:8080'],
    ['https://api.example.com', 'https://api.example.com:443'],
    ['HTTPS://api.example.com/', 'https://api.example.com:443'],
    ['[::1]:9000', 'http://[::1]:9000'],
    ['https://[2001:db8::1]', 'https://[2001:db8::1]:443'],
  ])('reads %s as %s', (text, url) => {
    expect(run(parseUpstream, text)).toEqual({ value: url, errors: [] });
  });

  it('rejects a path and points at it', () => {
    expect(run(parseUpstream, 'http://localhost:3000/api').errors).toEqual([
      'RWS3107 21-25 invalid upstream `http://localhost:3000/api`: an upstream cannot have a path or query | an upstream names a server only; change the path with `rewrite` or `uri strip_prefix` before `reverse_proxy`',
    ]);
    expect(run(parseUpstream, 'localhost:3000?x=1').errors).toEqual([
      'RWS3107 14-18 invalid upstream `localhost:3000?x=1`: an upstream cannot have a path or query | an upstream names a server only; change the path with `rewrite` or `uri strip_prefix` before `reverse_proxy`',
    ]);
  });

  it('rejects other schemes, credentials and unbracketed IPv6', () => {
    expect(run(parseUpstream, 'ws://localhost:3000').errors).toEqual([
      'RWS3107 0-2 invalid upstream `ws://localhost:3000`: unsupported scheme `ws` | upstreams are `http://` or `https://`',
    ]);
    expect(run(parseUpstream, 'http://user:pw@host:80').errors).toEqual([
      'RWS3107 7-15 invalid upstream `http://user:pw@host:80`: an upstream cannot have credentials | send credentials with `header_up Authorization ...`',
    ]);
    expect(run(parseUpstream, '::1:3000').errors).toEqual(['RWS3107 0-8 invalid upstream `::1:3000`: IPv6 addresses must be written in brackets | e.g. `[::1]:3000`']);
  });

  it('checks the host and port', () => {
    expect(run(parseUpstream, 'http://bad host:80', 'quoted').errors).toEqual([
      'RWS3107 8-16 invalid upstream `http://bad host:80`: `bad host` is not a valid host name | e.g. `127.0.0.1:3000`, `http://app.internal:8080` or `https://api.example.com`',
    ]);
    expect(run(parseUpstream, 'localhost:70000').errors).toEqual(['RWS3105 10-15 invalid port `70000`: must be between 0 and 65535 | e.g. `8080`']);
    expect(run(parseUpstream, 'localhost:0').errors).toEqual(['RWS3105 10-11 invalid port `0` in upstream `localhost:0`: an upstream needs a real port | e.g. `127.0.0.1:3000`']);
    expect(run(parseUpstream, 'http://').errors).toEqual(['RWS3107 0-7 invalid upstream `http://`: missing the host | e.g. `127.0.0.1:3000`, `http://app.internal:8080` or `https://api.example.com`']);
  });
});
