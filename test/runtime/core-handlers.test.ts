import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerPlan, HeaderOp, MatcherPlan, RoutePlan } from '../../runtime/plan/plan.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

function serve(routes: RoutePlan[], matchers: MatcherPlan[] = []): Promise<Running> {
  return start(plan({ matchers, listeners: [httpListener([site('h', routes)])] }));
}

const path = (value: string): MatcherPlan => ({ kind: 'path', patterns: [{ kind: 'exact', value }] });
const prefix = (value: string): MatcherPlan => ({ kind: 'path', patterns: [{ kind: 'prefix', value }] });
const showPath: HandlerPlan = respond([{ ph: 'request', field: 'path' }, '?', { ph: 'request', field: 'query' }]);

async function get(rws: Running, p: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const res = await request(`${rws.url}${p}`, { method: (init.method ?? 'GET') as 'GET', headers: init.headers });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

describe('respond', () => {
  it('answers status, body, header ops and a content type', async () => {
    const headers: HeaderOp[] = [
      { op: 'set', name: 'x-one', value: ['1'] },
      { op: 'add', name: 'x-one', value: ['2'] },
      { op: 'set', name: 'content-type', value: ['application/json'] },
    ];
    const rws = await serve([
      route([respond('{"ok":true}', 201, { headers })], [0]),
      route([respond('<!DOCTYPE html><p>hi</p>')], [1]),
      route([respond(null, 204)]),
    ], [path('/json'), path('/html')]);
    const json = await get(rws, '/json');
    expect(json).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.headers['x-one']).toEqual(['1', '2']);
    expect(json.headers['content-length']).toBe('11');
    expect((await get(rws, '/html')).headers['content-type']).toBe('text/html; charset=utf-8');
    const empty = await get(rws, '/other');
    expect(empty).toMatchObject({ status: 204, body: '' });
  });

  it('HEAD gets the headers and no body', async () => {
    const rws = await serve([route([respond('twelve bytes')])]);
    const res = await get(rws, '/', { method: 'HEAD' });
    expect(res.body).toBe('');
    expect(res.headers['content-length']).toBe('12');
  });

  it('close: the connection is closed after the response', async () => {
    const rws = await serve([route([respond('bye', 200, { close: true })])]);
    const raw = await rawExchange(rws.port(), 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(raw.toLowerCase()).toContain('connection: close');
    expect(raw.endsWith('bye')).toBe(true);
  });
});

describe('redir', () => {
  it('redirects with a templated Location', async () => {
    const rws = await serve([route([{ kind: 'redir', to: ['https://', { ph: 'request', field: 'host' }, { ph: 'request', field: 'uri' }], status: 308 }])]);
    const res = await get(rws, '/a?b=1', { headers: { host: 'example.test' } });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('https://example.test/a?b=1');
  });

  it('status 0 answers an HTML page with a meta refresh, escaping the target', async () => {
    const rws = await serve([route([{ kind: 'redir', to: ['/next?a=1&b="x"'], status: 0 }])]);
    const res = await get(rws, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<meta http-equiv="refresh" content="0; url=/next?a=1&#38;b=&#34;x&#34;">');
    expect(res.body).not.toContain('"x"');
  });
});

describe('rewrite', () => {
  it('replaces the path, the query when the target has "?", or only the query', async () => {
    const rws = await serve(
      [
        route([{ kind: 'rewrite', to: ['/index.php'] }, showPath], [0]),
        route([{ kind: 'rewrite', to: ['/search?q=', { ph: 'segment', index: 1 }] }, showPath], [1]),
        route([{ kind: 'rewrite', to: ['?', { ph: 'request', field: 'query' }, '&added=1'] }, showPath], [2]),
        route([{ kind: 'rewrite', to: ['/../../escape'] }, showPath]),
      ],
      [path('/p'), prefix('/s/'), path('/q')],
    );
    expect((await get(rws, '/p?keep=1')).body).toBe('/index.php?keep=1');
    expect((await get(rws, '/s/term?old=1')).body).toBe('/search?q=term');
    expect((await get(rws, '/q?a=1')).body).toBe('/q?a=1&added=1');
    expect((await get(rws, '/x')).body).toBe('/escape?');
  });
});

describe('uri', () => {
  it('strip_prefix, strip_suffix, replace (with a limit) and path_regexp', async () => {
    const rws = await serve(
      [
        route([{ kind: 'uri', op: { kind: 'strip_prefix', prefix: '/api' } }, showPath], [0]),
        route([{ kind: 'uri', op: { kind: 'strip_suffix', suffix: '.html' } }, showPath], [1]),
        route([{ kind: 'uri', op: { kind: 'replace', find: 'a', replace: 'o', limit: 2 } }, showPath], [2]),
        route([{ kind: 'uri', op: { kind: 'path_regexp', pattern: '/v(\\d+)/', replace: '/version-$1/' } }, showPath]),
      ],
      [prefix('/api/'), { kind: 'path', patterns: [{ kind: 'suffix', value: '.html' }] }, prefix('/r/')],
    );
    expect((await get(rws, '/api/users?x=1')).body).toBe('/users?x=1');
    expect((await get(rws, '/page.html')).body).toBe('/page?');
    expect((await get(rws, '/r/banana')).body).toBe('/r/bonona?');
    expect((await get(rws, '/v2/x')).body).toBe('/version-2/x?');
  });
});

describe('headers', () => {
  it('request ops are visible to later handlers; response ops apply to whatever answers, errors included', async () => {
    const rws = await serve(
      [
        route([
          {
            kind: 'headers',
            request: [
              { op: 'set', name: 'x-user', value: ['u-', { ph: 'query', name: 'u' }] },
              { op: 'delete', name: 'x-secret-*' },
            ],
            response: [
              { op: 'set', name: 'x-frame-options', value: ['DENY'] },
              { op: 'default', name: 'cache-control', value: ['no-cache'] },
              { op: 'delete', name: 'x-internal' },
              { op: 'replace', name: 'x-version', pattern: 'v(\\d)', replace: ['version-$1'] },
              { op: 'add', name: 'vary', value: ['Cookie'] },
            ],
          },
        ]),
        route(
          [
            respond([{ ph: 'header', name: 'x-user' }, '|', { ph: 'header', name: 'x-secret-a' }], 200, {
              headers: [
                { op: 'set', name: 'cache-control', value: ['max-age=60'] },
                { op: 'set', name: 'x-internal', value: ['1'] },
                { op: 'set', name: 'x-version', value: ['v1 and v2'] },
              ],
            }),
          ],
          [0],
        ),
        route([{ kind: 'error', status: 403, message: ['nope'] }]),
      ],
      [path('/ok')],
    );
    const ok = await get(rws, '/ok?u=bob', { headers: { 'x-secret-a': 'hidden' } });
    expect(ok.body).toBe('u-bob|');
    expect(ok.headers['x-frame-options']).toBe('DENY');
    expect(ok.headers['cache-control']).toBe('max-age=60');
    expect(ok.headers['x-internal']).toBeUndefined();
    expect(ok.headers['x-version']).toBe('version-1 and version-2');
    expect(ok.headers.vary).toBe('Cookie');
    const denied = await get(rws, '/other');
    expect(denied.status).toBe(403);
    expect(denied.headers['x-frame-options']).toBe('DENY');
    expect(denied.headers['cache-control']).toBe('no-cache');
  });
});

describe('root and try_files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rws-try-'));
    writeFileSync(join(dir, 'index.html'), 'index');
    writeFileSync(join(dir, 'about.html'), 'about');
    mkdirSync(join(dir, 'docs'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites to the first existing candidate: file, then {path}.html, then directory', async () => {
    const rws = await serve([
      route([
        { kind: 'root', path: [dir] },
        {
          kind: 'try_files',
          root: null,
          candidates: [[{ ph: 'request', field: 'path' }], [{ ph: 'request', field: 'path' }, '.html'], [{ ph: 'request', field: 'path' }, '/'], ['/index.html?spa=1']],
          fallback: null,
        },
        showPath,
      ]),
    ]);
    expect((await get(rws, '/about.html')).body).toBe('/about.html?');
    expect((await get(rws, '/about')).body).toBe('/about.html?');
    expect((await get(rws, '/docs')).body).toBe('/docs/?');
    expect((await get(rws, '/missing')).body).toBe('/index.html?spa=1');
    expect((await get(rws, '/../../etc/passwd')).body).toBe('/index.html?spa=1');
  });

  it('answers the fallback status when nothing exists, or leaves the request alone', async () => {
    const rws = await serve(
      [
        route([{ kind: 'try_files', root: [dir], candidates: [[{ ph: 'request', field: 'path' }]], fallback: { kind: 'status', status: 404 } }, showPath], [0]),
        route([{ kind: 'try_files', root: [dir], candidates: [[{ ph: 'request', field: 'path' }]], fallback: null }, showPath]),
      ],
      [prefix('/strict/')],
    );
    const strict = await get(rws, '/strict/nope');
    expect(strict.status).toBe(404);
    expect(strict.body).toMatch(/^404 Not Found\n/);
    expect((await get(rws, '/lenient')).body).toBe('/lenient?');
  });
});

describe('subroutes and groups', () => {
  it('runs nested lists, continues after them, and lets only the first matching route of a group run', async () => {
    const rws = await serve(
      [
        route([{ kind: 'vars', vars: { trail: ['start'] } }]),
        route([{ kind: 'subroute', routes: [route([{ kind: 'vars', vars: { trail: [{ ph: 'var', name: 'trail' }, '>api'] } }])] }], [0], 'handle'),
        route([{ kind: 'subroute', routes: [route([{ kind: 'vars', vars: { trail: [{ ph: 'var', name: 'trail' }, '>api-v2'] } }])] }], [1], 'handle'),
        route([{ kind: 'subroute', routes: [route([{ kind: 'vars', vars: { trail: [{ ph: 'var', name: 'trail' }, '>fallback'] } }])] }], [], 'handle'),
        route([respond([{ ph: 'var', name: 'trail' }])]),
      ],
      [prefix('/api/'), prefix('/api/v2/')],
    );
    expect((await get(rws, '/api/v2/x')).body).toBe('start>api');
    expect((await get(rws, '/other')).body).toBe('start>fallback');
  });

  it('answers 404 when no route responds', async () => {
    const rws = await serve([route([{ kind: 'vars', vars: { a: ['1'] } }])]);
    const res = await get(rws, '/');
    expect(res.status).toBe(404);
    expect(res.body).toMatch(/^404 Not Found\nrequest id: [0-9a-f-]{36}\n$/);
  });
});

describe('error, abort, request_body', () => {
  it('error raises a status with a templated message', async () => {
    const rws = await serve([route([{ kind: 'error', status: 418, message: ['no coffee for ', { ph: 'request', field: 'path' }] }])]);
    const res = await get(rws, '/cup');
    expect(res.status).toBe(418);
    expect(res.body).toMatch(/^418 I'm a Teapot\nno coffee for \/cup\nrequest id: /);
  });

  it('abort closes the connection without a response', async () => {
    const rws = await serve([route([{ kind: 'abort' }])]);
    await expect(request(`${rws.url}/`)).rejects.toThrow();
    const raw = await rawExchange(rws.port(), 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(raw).toBe('');
  });
});

/** Writes a raw request and collects everything the server sends until it closes the connection. */
export function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('utf8').on('data', (d: string) => (data += d));
    socket.on('close', () => resolve(data));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(data) : reject(err)));
  });
}
