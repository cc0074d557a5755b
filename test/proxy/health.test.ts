import { afterEach, describe, expect, test } from 'vitest';
import type { ActiveHealthPlan, OutlierPlan } from '../../runtime/plan/plan.ts';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { planWith, poolPlan, proxyPlan } from '../runtime/handlers/fixtures/plan.ts';
import { startRws } from '../runtime/handlers/fixtures/rws.ts';
import { withInlinePool } from '../runtime/support/plan.ts';
import { fetchText, proxyTo, until } from './resilience-helpers.ts';

afterEach(runCleanups);

const HEALTH: ActiveHealthPlan = {
  uri: '/healthz',
  method: 'GET',
  port: null,
  intervalMs: 25,
  timeoutMs: 2000,
  statusMin: 200,
  statusMax: 399,
  bodyPattern: null,
  headers: [],
  passes: 2,
  fails: 1,
};

const OUTLIER: OutlierPlan = { consecutiveFailures: 3, failureStatuses: [502], windowMs: 0, baseEjectionMs: 300, maxEjectionMs: 1000, maxEjectionPercent: 50, maxLatencyMs: 0 };

/** An upstream whose /healthz answers `health.status` and whose other paths answer `name` with `status.code`. */
async function member(name: string): Promise<{ url: string; health: { status: number }; status: { code: number }; hits: () => number }> {
  const health = { status: 200 };
  const status = { code: 200 };
  let hits = 0;
  const u = await trackedUpstream((req, res) => {
    if (req.url === '/healthz') {
      res.statusCode = health.status;
      res.end();
      return;
    }
    hits++;
    res.statusCode = status.code;
    res.end(name);
  });
  return { url: u.url, health, status, hits: () => hits };
}

async function bodies(url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await fetchText(url)).body);
  return out;
}

describe('active health checks through the proxy', () => {
  test('an unhealthy upstream leaves rotation and comes back', async () => {
    const a = await member('a');
    const b = await member('b');
    const rws = await proxyTo([a.url, b.url], { health: HEALTH });
    expect(new Set(await bodies(`${rws.url}/`, 4))).toEqual(new Set(['a', 'b']));

    a.health.status = 500;
    expect(await until(async () => (await bodies(`${rws.url}/`, 4)).every((b) => b === 'b'))).toBe(true);
    const hitsWhileOut = a.hits();
    expect(await bodies(`${rws.url}/`, 6)).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    expect(a.hits()).toBe(hitsWhileOut);
    expect(rws.logs.some((l) => l.msg === 'upstream unhealthy' && l.upstream === a.url)).toBe(true);

    a.health.status = 200;
    expect(await until(async () => (await bodies(`${rws.url}/`, 4)).includes('a'))).toBe(true);
    expect(rws.logs.some((l) => l.msg === 'upstream healthy' && l.upstream === a.url)).toBe(true);
  });

  test('with every upstream unhealthy the answer is 503, saying so', async () => {
    const a = await member('a');
    a.health.status = 503;
    const rws = await proxyTo([a.url], { health: HEALTH });
    expect(await until(async () => (await fetchText(`${rws.url}/`)).status === 503)).toBe(true);
    const res = await fetchText(`${rws.url}/`);
    expect(res.body).toContain(`no healthy upstream in pool`);
    expect(res.body).toContain(`${a.url} unhealthy (status 503 (expected 200-399))`);
    // (Upstreams start healthy: a request may have gone through before the first probe said otherwise.)
    const hits = a.hits();
    await fetchText(`${rws.url}/`);
    expect(a.hits()).toBe(hits);
  });
});

describe('outlier detection through the proxy', () => {
  test('consecutive failures eject an upstream for the back-off period, then it is back', async () => {
    const a = await member('a');
    const b = await member('b');
    a.status.code = 502;
    const rws = await proxyTo([a.url, b.url], { outlier: OUTLIER });
    // Round robin: a gets every other request; its third 502 ejects it.
    const first = await bodies(`${rws.url}/`, 6);
    expect(first).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(await bodies(`${rws.url}/`, 4)).toEqual(['b', 'b', 'b', 'b']);
    expect(rws.logs.some((l) => l.msg === 'upstream ejected' && l.upstream === a.url)).toBe(true);
    a.status.code = 200;
    expect(await until(async () => (await bodies(`${rws.url}/`, 2)).includes('a'), 100, 20)).toBe(true);
  });

  test('a response slower than max_latency counts as a failure', async () => {
    const slow = await trackedUpstream((_req, res) => setTimeout(() => res.end('slow'), 150));
    const fast = await member('fast');
    const rws = await proxyTo([slow.url, fast.url], { outlier: { ...OUTLIER, consecutiveFailures: 1, maxLatencyMs: 50, baseEjectionMs: 60_000, maxEjectionMs: 60_000 } });
    // The slow answer is still relayed; its upstream is out afterwards.
    expect(await bodies(`${rws.url}/`, 4)).toEqual(['slow', 'fast', 'fast', 'fast']);
    expect(rws.logs.some((l) => l.msg === 'upstream ejected' && l.upstream === slow.url)).toBe(true);
  });

  test('never ejects more than max_ejection_percent of the pool', async () => {
    const a = await member('a');
    const b = await member('b');
    a.status.code = 502;
    b.status.code = 502;
    const rws = await proxyTo([a.url, b.url], { outlier: { ...OUTLIER, consecutiveFailures: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetchText(`${rws.url}/`)).status);
    // One of the two is ejected; the other keeps answering (its 502s are relayed).
    expect(statuses).toEqual([502, 502, 502, 502, 502, 502]);
    expect(rws.logs.filter((l) => l.msg === 'upstream ejected')).toHaveLength(1);
  });
});

describe('health state across a reload', () => {
  test('an ejected upstream stays out when the reload keeps its pool', async () => {
    const a = await member('a');
    const b = await member('b');
    a.status.code = 502;
    const pool = poolPlan([a.url, b.url], { pool: { outlier: { ...OUTLIER, consecutiveFailures: 1, baseEjectionMs: 60_000, maxEjectionMs: 60_000 } } });
    const handler = withInlinePool({ kind: 'reverse_proxy', split: null, mirror: null, headersUp: [], headersDown: [], hostHeader: null, flushIntervalMs: 0 }, pool);
    const rws = await startRws(planWith([handler]));
    deferCleanup(() => rws.close());
    expect(await bodies(`${rws.url}/`, 3)).toEqual(['a', 'b', 'b']);
    // Same pool, another plan (a new hash): the live pool, and its ejection, carry over.
    const { changed } = await rws.server.apply(planWith([handler]));
    expect(changed).toBe(true);
    a.status.code = 200;
    expect(await bodies(`${rws.url}/`, 4)).toEqual(['b', 'b', 'b', 'b']);
  });
});

describe('health checks and shutdown', () => {
  test('probes stop when rws stops', async () => {
    let probes = 0;
    const a = await trackedUpstream((req, res) => {
      if (req.url === '/healthz') probes++;
      res.end('ok');
    });
    const rws = await startRws(planWith([proxyPlan([a.url], { pool: { health: HEALTH } })]));
    expect(await until(async () => probes >= 2)).toBe(true);
    await rws.close();
    // A probe already on the wire may still land; after that, nothing more.
    await new Promise((resolve) => setTimeout(resolve, 2 * HEALTH.intervalMs));
    const after = probes;
    await new Promise((resolve) => setTimeout(resolve, 5 * HEALTH.intervalMs));
    expect(probes).toBe(after);
    // No probe connection is left open either.
    expect(await until(async () => a.sockets.size === 0)).toBe(true);
  });
});
