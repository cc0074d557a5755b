import { describe, expect, it } from 'vitest';
import { explain } from '../../runtime/explain.ts';
import { renderExplain } from '../../runtime/explain/render.ts';
import type { MatcherPlan, Plan } from '../../runtime/plan/plan.ts';
import { httpListener, httpsListener, listenerTls, plan, respond, route, site } from './support/plan.ts';

const matchers: MatcherPlan[] = [
  { kind: 'path', patterns: [{ kind: 'prefix', value: '/api/' }] },
  { kind: 'method', methods: ['POST'] },
  { kind: 'path', patterns: [{ kind: 'exact', value: '/v2/users' }] },
  { kind: 'header', name: 'x-debug', values: null },
];

const served: Plan = plan({
  matchers,
  listeners: [
    {
      ...httpListener(
        [
          site('api.test', [
            route([{ kind: 'headers', request: [{ op: 'set', name: 'x-seen', value: ['1'] }], response: [] }]),
            route([respond('debug')], [3]),
            route(
              [
                {
                  kind: 'subroute',
                  routes: [
                    route([{ kind: 'uri', op: { kind: 'strip_prefix', prefix: '/api' } }]),
                    route([{ kind: 'rewrite', to: ['/v2', { ph: 'request', field: 'path' }] }]),
                    route([respond('created', 201)], [1]),
                    route([respond('users')], [2]),
                  ],
                },
              ],
              [0],
              'handle',
            ),
            route([respond('fallback')], [], 'handle'),
          ]),
          site('*.api.test', [route([{ kind: 'error', status: 410, message: ['gone'] }])]),
        ],
        { exact: { 'api.test': 0 }, wildcard: { 'api.test': 1 }, catchAll: null },
        8080,
      ),
      key: 'http//8080',
    },
  ],
});

describe('explain', () => {
  it('follows host, routes, groups and subroutes with the real matchers, replaying rewrites', () => {
    const result = explain(served, { method: 'GET', url: 'http://api.test:8080/api/users' });
    expect(result.listener).toEqual({ key: 'http//8080' });
    expect(result.site).toMatchObject({ name: 'api.test', how: 'exact' });
    expect(result.routes.map((r) => r.status)).toEqual(['runs', 'no-match', 'runs', 'not-reached']);
    expect(result.routes[1].decidedBy).toMatchObject({ kind: 'header', description: 'header x-debug', matched: false });
    const inner = result.routes[2].handlers[0].routes ?? [];
    expect(inner.map((r) => r.status)).toEqual(['runs', 'runs', 'no-match', 'runs']);
    expect(inner[0].handlers[0].effect).toBe('/api/users → /users');
    expect(inner[1].handlers[0].effect).toBe('/users → /v2/users');
    expect(inner[2].decidedBy?.description).toBe('method POST');
    expect(result.outcome).toMatchObject({ kind: 'handler', handler: 'respond', description: 'respond 200 "users"' });
    expect(result.finalUri).toBe('/v2/users');
  });

  it('skips later routes of a group whose earlier route ran, even when it did not answer', () => {
    const result = explain(served, { method: 'GET', url: 'http://api.test:8080/api/other' });
    expect(result.routes.map((r) => r.status)).toEqual(['runs', 'no-match', 'runs', 'group-taken']);
    expect(result.outcome).toEqual({ kind: 'not-found' });
    expect(result.notes).toContain('no route answers: the site responds 404');
  });

  it('uses request headers and method, and stops at the first terminal handler', () => {
    const debug = explain(served, { method: 'get', url: 'http://api.test:8080/anything', headers: { 'X-Debug': '1' } });
    expect(debug.outcome).toMatchObject({ kind: 'handler', description: 'respond 200 "debug"' });
    expect(debug.routes.slice(2).map((r) => r.status)).toEqual(['not-reached', 'not-reached']);
    const post = explain(served, { method: 'POST', url: 'http://api.test:8080/api/x' });
    expect(post.outcome).toMatchObject({ description: 'respond 201 "created"' });
  });

  it('reports wildcard and missing sites, missing listeners and bad requests', () => {
    const wildcard = explain(served, { method: 'GET', url: 'http://v1.api.test:8080/' });
    expect(wildcard.site).toMatchObject({ name: '*.api.test', how: 'wildcard' });
    expect(wildcard.outcome).toMatchObject({ handler: 'error' });
    expect(explain(served, { method: 'GET', url: 'http://other.test:8080/' }).outcome).toEqual({ kind: 'no-site' });
    expect(explain(served, { method: 'GET', url: 'https://api.test/' }).outcome).toEqual({ kind: 'no-listener' });
    expect(explain(served, { method: 'GET', url: 'http://api.test:8080/%zz' }).outcome).toMatchObject({ kind: 'bad-request' });
  });

  it('picks the listener by scheme and port', () => {
    const two = plan({
      listeners: [
        httpListener([site('plain', [route([respond('p')])])], undefined, 80),
        httpsListener([site('secure', [route([respond('s')])])], listenerTls([], null, { alpn: ['h2'] }), undefined, 443),
      ],
    });
    expect(explain(two, { method: 'GET', url: 'https://x.test/' }).site?.name).toBe('secure');
    expect(explain(two, { method: 'GET', url: 'http://x.test/' }).site?.name).toBe('plain');
  });

  it('renders a readable report', () => {
    const text = renderExplain(explain(served, { method: 'GET', url: 'http://api.test:8080/api/users' }));
    expect(text).toBe(
      [
        'GET http://api.test:8080/api/users',
        'listener  http//8080',
        'site      api.test (Rwsfile:1:1), by exact host match',
        'routes',
        '  + Rwsfile:2:2 runs',
        '      header (1 request op(s), 0 response op(s))  (request headers edited)',
        '  - Rwsfile:2:2 skipped: header x-debug does not match',
        '  + Rwsfile:2:2 [group handle] runs when path /api/*',
        '      route (4 route(s))',
        '        + Rwsfile:2:2 runs',
        '            uri strip_prefix /api  (/api/users → /users)',
        '        + Rwsfile:2:2 runs',
        '            rewrite "/v2{path}"  (/users → /v2/users)',
        '        - Rwsfile:2:2 skipped: method POST does not match',
        '        + Rwsfile:2:2 runs when path /v2/users',
        '            respond 200 "users"  <- answers',
        '    Rwsfile:2:2 [group handle] not reached',
        'outcome   respond 200 "users" (Rwsfile:2:2)',
        'uri       rewritten to /v2/users',
        '',
      ].join('\n'),
    );
  });
});
