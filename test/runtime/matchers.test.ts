import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { MatcherPlan } from '../../runtime/plan/plan.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

/** A site answering "yes" when the route with `match` runs, "no" otherwise. */
function matching(matchers: MatcherPlan[], match: number[] = [0]): Promise<Running> {
  return start(plan({ matchers, listeners: [httpListener([site('m', [route([respond('yes')], match), route([respond('no')])])])] }));
}

async function answer(rws: Running, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<string> {
  const res = await request(`${rws.url}${path}`, { method: (init.method ?? 'GET') as 'GET', headers: init.headers });
  return res.body.text();
}

describe('matchers', () => {
  it('path: exact, prefix, suffix and regexp patterns (OR) against the decoded, normalised path', async () => {
    const rws = await matching([
      {
        kind: 'path',
        patterns: [
          { kind: 'exact', value: '/exact' },
          { kind: 'prefix', value: '/api/' },
          { kind: 'suffix', value: '.php' },
          { kind: 'regexp', source: '^/v[0-9]+/x$' },
        ],
      },
    ]);
    expect(await answer(rws, '/exact')).toBe('yes');
    expect(await answer(rws, '/exact/')).toBe('no');
    expect(await answer(rws, '/api/users')).toBe('yes');
    expect(await answer(rws, '/api')).toBe('no');
    expect(await answer(rws, '/index.php?x=1')).toBe('yes');
    expect(await answer(rws, '/v12/x')).toBe('yes');
    expect(await answer(rws, '/vx/x')).toBe('no');
    // Normalised before matching: dot-segments and encodings cannot dodge a matcher.
    expect(await answer(rws, '/public/../api/x')).toBe('yes');
    expect(await answer(rws, '/%61pi/x')).toBe('yes');
  });

  it('path_regexp: captures are readable as {re.NAME.N} and by group name', async () => {
    const rws = await start(
      plan({
        matchers: [{ kind: 'path_regexp', name: 'user', pattern: '^/u/(?<name>[a-z]+)/(\\d+)$', flags: '' }],
        listeners: [
          httpListener([
            site('m', [
              route([respond(['name=', { ph: 'capture', matcher: 0, group: 'name' }, ' id=', { ph: 'capture', matcher: 0, group: 2 }])], [0]),
              route([respond('no')]),
            ]),
          ]),
        ],
      }),
    );
    expect(await answer(rws, '/u/alice/42')).toBe('name=alice id=42');
    expect(await answer(rws, '/u/Alice/42')).toBe('no');
  });

  it('host: exact names and one-label wildcards', async () => {
    const rws = await matching([{ kind: 'host', exact: ['a.test'], wildcard: ['*.b.test'] }]);
    expect(await answer(rws, '/', { headers: { host: 'A.test:99' } })).toBe('yes');
    expect(await answer(rws, '/', { headers: { host: 'x.b.test' } })).toBe('yes');
    expect(await answer(rws, '/', { headers: { host: 'b.test' } })).toBe('no');
    expect(await answer(rws, '/', { headers: { host: 'y.x.b.test' } })).toBe('no');
  });

  it('method', async () => {
    const rws = await matching([{ kind: 'method', methods: ['POST', 'PUT'] }]);
    expect(await answer(rws, '/', { method: 'POST' })).toBe('yes');
    expect(await answer(rws, '/', { method: 'PUT' })).toBe('yes');
    expect(await answer(rws, '/')).toBe('no');
  });

  it('header: presence, exact values and * globs', async () => {
    const present = await matching([{ kind: 'header', name: 'x-token', values: null }]);
    expect(await answer(present, '/', { headers: { 'X-Token': '' } })).toBe('yes');
    expect(await answer(present, '/')).toBe('no');
    await stopAll();
    const globs = await matching([{ kind: 'header', name: 'accept', values: ['text/html', 'application/*', '*+json', '*xml*'] }]);
    expect(await answer(globs, '/', { headers: { accept: 'text/html' } })).toBe('yes');
    expect(await answer(globs, '/', { headers: { accept: 'application/pdf' } })).toBe('yes');
    expect(await answer(globs, '/', { headers: { accept: 'text/ld+json' } })).toBe('yes');
    expect(await answer(globs, '/', { headers: { accept: 'text/xml; q=1' } })).toBe('yes');
    expect(await answer(globs, '/', { headers: { accept: 'image/png, text/html' } })).toBe('yes');
    expect(await answer(globs, '/', { headers: { accept: 'text/plain' } })).toBe('no');
  });

  it('header_regexp: matches and captures', async () => {
    const rws = await start(
      plan({
        matchers: [{ kind: 'header_regexp', name: 'auth', headerName: 'authorization', pattern: '^Bearer (\\S+)$', flags: 'i' }],
        listeners: [httpListener([site('m', [route([respond(['token ', { ph: 'capture', matcher: 0, group: 1 }])], [0]), route([respond('no')])])])],
      }),
    );
    expect(await answer(rws, '/', { headers: { authorization: 'bearer abc.def' } })).toBe('token abc.def');
    expect(await answer(rws, '/', { headers: { authorization: 'Basic xyz' } })).toBe('no');
  });

  it('query: AND over keys, any listed value, * for presence', async () => {
    const rws = await matching([{ kind: 'query', params: { mode: ['a', 'b'], debug: ['*'] } }]);
    expect(await answer(rws, '/?mode=b&debug')).toBe('yes');
    expect(await answer(rws, '/?mode=a&debug=0&x=1')).toBe('yes');
    expect(await answer(rws, '/?mode=c&debug=1')).toBe('no');
    expect(await answer(rws, '/?mode=a')).toBe('no');
  });

  it('remote_ip: CIDR ranges and single addresses', async () => {
    const inside = await matching([{ kind: 'remote_ip', ranges: ['10.0.0.0/8', '127.0.0.0/8'] }]);
    expect(await answer(inside, '/')).toBe('yes');
    await stopAll();
    const outside = await matching([{ kind: 'remote_ip', ranges: ['10.0.0.0/8', '::1', '192.168.1.1'] }]);
    expect(await answer(outside, '/')).toBe('no');
  });

  it('protocol: scheme and HTTP version', async () => {
    const http = await matching([{ kind: 'protocol', protocol: 'http' }]);
    expect(await answer(http, '/')).toBe('yes');
    await stopAll();
    const https = await matching([{ kind: 'protocol', protocol: 'https' }]);
    expect(await answer(https, '/')).toBe('no');
    await stopAll();
    const h1 = await matching([{ kind: 'protocol', protocol: 'http/1.1' }]);
    expect(await answer(h1, '/')).toBe('yes');
    await stopAll();
    const h2 = await matching([{ kind: 'protocol', protocol: 'http/2' }]);
    expect(await answer(h2, '/')).toBe('no');
  });

  it('not and any compose other matchers', async () => {
    const matchers: MatcherPlan[] = [
      { kind: 'path', patterns: [{ kind: 'prefix', value: '/admin/' }] },
      { kind: 'method', methods: ['GET'] },
      { kind: 'not', all: [0] },
      { kind: 'any', groups: [[0, 1], [4]] },
      { kind: 'header', name: 'x-force', values: null },
    ];
    const not = await start(plan({ matchers, listeners: [httpListener([site('m', [route([respond('yes')], [2, 1]), route([respond('no')])])])] }));
    expect(await answer(not, '/public')).toBe('yes');
    expect(await answer(not, '/admin/x')).toBe('no');
    expect(await answer(not, '/public', { method: 'POST' })).toBe('no');
    await stopAll();
    const any = await start(plan({ matchers, listeners: [httpListener([site('m', [route([respond('yes')], [3]), route([respond('no')])])])] }));
    expect(await answer(any, '/admin/x')).toBe('yes');
    expect(await answer(any, '/admin/x', { method: 'POST' })).toBe('no');
    expect(await answer(any, '/other', { method: 'POST', headers: { 'x-force': '1' } })).toBe('yes');
  });

  it('a matcher is evaluated again after a rewrite changes the URI', async () => {
    const rws = await start(
      plan({
        matchers: [{ kind: 'path', patterns: [{ kind: 'exact', value: '/old' }] }, { kind: 'path', patterns: [{ kind: 'exact', value: '/new' }] }],
        listeners: [
          httpListener([
            site('m', [
              route([{ kind: 'rewrite', to: ['/new'] }], [0]),
              route([respond('old still matches')], [0]),
              route([respond('new matches')], [1]),
            ]),
          ]),
        ],
      }),
    );
    expect(await answer(rws, '/old')).toBe('new matches');
  });

  it('a request with invalid percent-encoding gets 400', async () => {
    const rws = await matching([{ kind: 'method', methods: ['GET'] }]);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(rws.port(), '127.0.0.1', () => socket.end('GET /bad%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.setEncoding('utf8').on('data', (d: string) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(raw).toContain('invalid percent-encoding in path');
  });
});
