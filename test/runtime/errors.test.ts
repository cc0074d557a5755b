import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { MatcherPlan, RoutePlan } from '../../runtime/plan/plan.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

function serve(routes: RoutePlan[], errorRoutes: RoutePlan[] | null, matchers: MatcherPlan[] = []): Promise<Running> {
  return start(plan({ matchers, listeners: [httpListener([site('errs', routes, { errorRoutes })])] }));
}

async function get(rws: Running, p: string) {
  const res = await request(`${rws.url}${p}`);
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

const boom = (status: number, message = 'boom'): RoutePlan => route([{ kind: 'error', status, message: [message] }]);

describe('errors', () => {
  it('handle_errors routes run with {err.*} placeholders; a plain respond keeps the error status', async () => {
    const rws = await serve(
      [boom(503, 'down for maintenance')],
      [route([respond(['custom ', { ph: 'error', field: 'status' }, ': ', { ph: 'error', field: 'message' }, ' (', { ph: 'error', field: 'id' }, ')'])])],
    );
    const res = await get(rws, '/');
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/^custom 503: down for maintenance \([0-9a-f-]{36}\)$/);
  });

  it('handle_errors routes can use matchers; when none answers, the built-in response is used', async () => {
    const rws = await serve(
      [route([{ kind: 'error', status: 404, message: [''] }], [0]), boom(500, 'kaput')],
      [route([respond('not here', 404)], [1])],
      [{ kind: 'path', patterns: [{ kind: 'prefix', value: '/missing' }] }, { kind: 'path', patterns: [{ kind: 'prefix', value: '/missing' }] }],
    );
    expect(await get(rws, '/missing/x')).toMatchObject({ status: 404, body: 'not here' });
    const builtin = await get(rws, '/other');
    expect(builtin.status).toBe(500);
    expect(builtin.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(builtin.body).toMatch(/^500 Internal Server Error\nkaput\nrequest id: [0-9a-f-]{36}\n$/);
  });

  it('an error inside handle_errors falls back to the built-in response for the original error', async () => {
    const rws = await serve([boom(502)], [boom(500, 'error page broken')]);
    const res = await get(rws, '/');
    expect(res.status).toBe(502);
    expect(res.body).toMatch(/^502 Bad Gateway\nboom\n/);
  });

  it('an unexpected exception is logged with its stack and answered 500, and the server keeps serving', async () => {
    const rws = await serve([route([respond('x', 1000)], [0]), route([respond('fine')])], null, [{ kind: 'path', patterns: [{ kind: 'exact', value: '/bug' }] }]);
    const res = await get(rws, '/bug');
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/^500 Internal Server Error\nrequest id: /);
    const id = /request id: (\S+)/.exec(res.body)?.[1];
    const logged = rws.logs.find((l) => l.msg === 'handler failed');
    expect(logged).toMatchObject({ id, site: 'errs', uri: '/bug' });
    expect(String((logged?.err as { stack?: string }).stack)).toContain('RangeError');
    expect((await get(rws, '/ok')).body).toBe('fine');
  });

  it('a header value Node rejects (a newline from the query) is answered 500, never left hanging', async () => {
    const rws = await serve(
      [route([{ kind: 'headers', request: [], response: [{ op: 'set', name: 'x-echo', value: [{ ph: 'query', name: 'v' }] }] }, respond('echoed')])],
      null,
    );
    const fine = await get(rws, '/?v=abc');
    expect(fine.headers['x-echo']).toBe('abc');
    const injected = await get(rws, '/?v=a%0D%0ASet-Cookie:%20x=1');
    expect(injected.status).toBe(500);
    expect(injected.headers['set-cookie']).toBeUndefined();
    expect(injected.body).toMatch(/^500 Internal Server Error\nrequest id: /);
  });
});
