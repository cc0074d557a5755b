import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

async function get(rws: Running, host: string, path = '/'): Promise<{ status: number; body: string }> {
  const res = await request(`${rws.url}${path}`, { headers: { host } });
  return { status: res.statusCode, body: await res.body.text() };
}

function sites(withCatchAll: boolean) {
  return plan({
    listeners: [
      httpListener(
        [
          site('a.test', [route([respond('site a')])]),
          site('*.b.test', [route([respond('wildcard b')])]),
          site('b.test', [route([respond('exact b')])]),
          site(':80', [route([respond('catch-all')])]),
        ],
        { exact: { 'a.test': 0, 'b.test': 2 }, wildcard: { 'b.test': 1 }, catchAll: withCatchAll ? 3 : null },
      ),
    ],
  });
}

describe('host routing', () => {
  it('picks the exact site, case- and port-insensitively, ignoring a trailing dot', async () => {
    const rws = await start(sites(true));
    expect(await get(rws, 'a.test')).toEqual({ status: 200, body: 'site a' });
    expect(await get(rws, 'A.TEST:8080')).toEqual({ status: 200, body: 'site a' });
    expect(await get(rws, 'a.test.')).toEqual({ status: 200, body: 'site a' });
  });

  it('prefers an exact name over the wildcard of its parent, which matches one label only', async () => {
    const rws = await start(sites(true));
    expect((await get(rws, 'b.test')).body).toBe('exact b');
    expect((await get(rws, 'www.b.test')).body).toBe('wildcard b');
    expect((await get(rws, 'deep.www.b.test')).body).toBe('catch-all');
  });

  it('falls back to the catch-all, or answers 404 "no site for host" without one', async () => {
    const withCatchAll = await start(sites(true));
    expect((await get(withCatchAll, 'unknown.test')).body).toBe('catch-all');
    await stopAll();
    const without = await start(sites(false));
    const res = await get(without, 'unknown.test');
    expect(res.status).toBe(404);
    expect(res.body).toContain('no site for host "unknown.test"');
    expect((await get(without, 'a.test')).body).toBe('site a');
  });

  it('does not mistake names of object properties for sites', async () => {
    const rws = await start(sites(false));
    for (const host of ['__proto__', 'constructor', 'hasownproperty', 'x.__proto__', 'tostring.b.test.x']) {
      const res = await get(rws, host);
      expect(res.status, host).toBe(404);
      expect(res.body).toContain(`no site for host ${JSON.stringify(host)}`);
    }
  });

  it('serves IPv6 literal hosts without brackets in the table', async () => {
    const rws = await start(plan({ listeners: [httpListener([site('[::1]', [route([respond('v6')])])], { exact: { '::1': 0 } })] }));
    expect(await get(rws, '[::1]:1234')).toEqual({ status: 200, body: 'v6' });
  });
});
