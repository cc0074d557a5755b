import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually } from '../runtime/handlers/fixtures/upstream.ts';
import { fetchText, proxyTo } from './resilience-helpers.ts';

afterEach(runCleanups);

/** An upstream that holds every response until release() is called. */
async function holding(): Promise<{ url: string; held: () => number; release: () => void; sockets: () => number }> {
  const waiting: ServerResponse[] = [];
  const u = await trackedUpstream((_req, res) => {
    waiting.push(res);
  });
  return {
    url: u.url,
    held: () => waiting.length,
    release: () => {
      for (const res of waiting.splice(0)) res.end('released');
    },
    sockets: () => u.sockets.size,
  };
}

describe('circuit breaker', () => {
  test('max_requests: over the limit, 503 at once with Retry-After; under it again, requests pass', async () => {
    const up = await holding();
    const rws = await proxyTo([up.url], { breaker: { maxConnections: null, maxPending: null, maxRequests: 2, retryAfterSec: 7 } });
    const first = [fetchText(`${rws.url}/1`), fetchText(`${rws.url}/2`)];
    expect(await eventually(() => up.held() === 2)).toBe(true);
    const tripped = await fetchText(`${rws.url}/3`);
    expect(tripped.status).toBe(503);
    expect(tripped.headers['retry-after']).toBe('7');
    expect(tripped.body).toContain('max_requests 2');
    expect(up.held()).toBe(2);
    up.release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    // Reset: the breaker closes as soon as the count drops.
    const again = fetchText(`${rws.url}/4`);
    expect(await eventually(() => up.held() === 1)).toBe(true);
    up.release();
    expect(await again).toMatchObject({ status: 200, body: 'released' });
  });

  test('max_connections and max_pending: one connection, one waiting request, the next refused', async () => {
    const up = await holding();
    const rws = await proxyTo([up.url], { breaker: { maxConnections: 1, maxPending: 1, maxRequests: null, retryAfterSec: 5 } });
    const running = fetchText(`${rws.url}/a`);
    expect(await eventually(() => up.held() === 1)).toBe(true);
    // Two more at once: whichever arrives first waits for the connection, the other is refused at once.
    const more = [fetchText(`${rws.url}/b`), fetchText(`${rws.url}/c`)];
    const refused = await Promise.race(more);
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('max_pending 1');
    expect(up.sockets()).toBe(1);
    up.release();
    expect(await running).toMatchObject({ status: 200 });
    expect(await eventually(() => up.held() === 1)).toBe(true);
    up.release();
    expect((await Promise.all(more)).map((r) => r.status).sort()).toEqual([200, 503]);
  });
});
