import type { IncomingMessage } from 'node:http';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually, refusedPort } from '../runtime/handlers/fixtures/upstream.ts';
import { fetchText, proxyTo, retries } from './resilience-helpers.ts';

afterEach(runCleanups);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/** An upstream answering `status` with its name, counting requests. */
async function answering(name: string, status: number): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const u = await trackedUpstream((_req, res) => {
    hits++;
    res.statusCode = status;
    res.end(`${name} ${status}`);
  });
  return { url: u.url, hits: () => hits };
}

describe('retries', () => {
  test('a refused connection is retried for any method, body included: nothing reached the upstream', async () => {
    const echo = await trackedUpstream(async (req, res) => res.end(`${req.method} ${await readBody(req)}`));
    const rws = await proxyTo([`http://127.0.0.1:${await refusedPort()}`, echo.url], { lb: { kind: 'first' }, retry: retries(1) });
    expect(await fetchText(`${rws.url}/`, { method: 'POST', body: 'order #1' })).toMatchObject({ status: 200, body: 'POST order #1' });
  });

  test('a listed status is retried on another upstream for idempotent methods, its body discarded', async () => {
    const bad = await answering('bad', 503);
    const good = await answering('good', 200);
    const rws = await proxyTo([bad.url, good.url], { lb: { kind: 'first' }, retry: retries(1, { statuses: [503] }) });
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 200, body: 'good 200' });
    expect([bad.hits(), good.hits()]).toEqual([1, 1]);
    // Not listed: relayed as is.
    const other = await answering('other', 500);
    const rws2 = await proxyTo([other.url, good.url], { lb: { kind: 'first' }, retry: retries(1, { statuses: [503] }) });
    expect(await fetchText(`${rws2.url}/`)).toMatchObject({ status: 500, body: 'other 500' });
  });

  test('a long retried response is not read to its end: its connection is dropped instead', async () => {
    const big = await trackedUpstream((_req, res) => {
      res.writeHead(503, { 'content-length': String(1 << 20) });
      res.end(Buffer.alloc(1 << 20, 120));
    });
    const good = await answering('good', 200);
    const rws = await proxyTo([big.url, good.url], { lb: { kind: 'first' }, retry: retries(1, { statuses: [503] }) });
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 200, body: 'good 200' });
    expect(await eventually(() => big.sockets.size === 0)).toBe(true);
  });

  test('a POST whose body was sent is never retried, whatever happens to it', async () => {
    const received: string[] = [];
    const bad = await trackedUpstream(async (req, res) => {
      received.push(await readBody(req));
      res.statusCode = 503;
      res.end('bad');
    });
    const resetting = await trackedUpstream(async (req) => {
      received.push(await readBody(req));
      req.socket.destroy();
    });
    const good = await answering('good', 200);
    const byStatus = await proxyTo([bad.url, good.url], { lb: { kind: 'first' }, retry: retries(2, { statuses: [503], onTimeout: true }) });
    expect(await fetchText(`${byStatus.url}/`, { method: 'POST', body: 'payment' })).toMatchObject({ status: 503, body: 'bad' });
    const byReset = await proxyTo([resetting.url, good.url], { lb: { kind: 'first' }, retry: retries(2, { statuses: [503], onTimeout: true }) });
    const res = await fetchText(`${byReset.url}/`, { method: 'POST', body: 'payment' });
    expect(res.status).toBe(502);
    expect(res.body).toMatch(/broke the exchange/);
    expect(received).toEqual(['payment', 'payment']);
    expect(good.hits()).toBe(0);
  });

  test('a GET broken before its response head is retried elsewhere', async () => {
    const resetting = await trackedUpstream((req) => req.socket.destroy());
    const good = await answering('good', 200);
    const rws = await proxyTo([resetting.url, good.url], { lb: { kind: 'first' }, retry: retries(1) });
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 200, body: 'good 200' });
  });

  test('each retry goes to an upstream not tried yet; a lone upstream is tried again', async () => {
    const ups = await Promise.all([answering('a', 503), answering('b', 503), answering('c', 200)]);
    const rws = await proxyTo(
      ups.map((u) => u.url),
      { lb: { kind: 'first' }, retry: retries(2, { statuses: [503] }) },
    );
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 200, body: 'c 200' });
    expect(ups.map((u) => u.hits())).toEqual([1, 1, 1]);

    let calls = 0;
    const flaky = await trackedUpstream((_req, res) => {
      res.statusCode = ++calls === 1 ? 502 : 200;
      res.end(`call ${calls}`);
    });
    const alone = await proxyTo([flaky.url], { retry: retries(1, { statuses: [502], intervalMs: 10 }) });
    expect(await fetchText(`${alone.url}/`)).toMatchObject({ status: 200, body: 'call 2' });
  });

  test('a client that leaves during the pause between tries ends the exchange: no further try', async () => {
    const bad = await answering('bad', 503);
    const good = await answering('good', 200);
    const rws = await proxyTo([bad.url, good.url], { lb: { kind: 'first' }, retry: retries(1, { statuses: [503], intervalMs: 300 }) });
    const gone = new AbortController();
    const pending = request(`${rws.url}/`, { signal: gone.signal });
    expect(await eventually(() => bad.hits() === 1)).toBe(true);
    gone.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(good.hits()).toBe(0);
    expect(rws.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
  });

  test('tries run out: the last answer is relayed', async () => {
    const ups = await Promise.all([answering('a', 503), answering('b', 503), answering('c', 503)]);
    const rws = await proxyTo(
      ups.map((u) => u.url),
      { lb: { kind: 'first' }, retry: retries(1, { statuses: [503] }) },
    );
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 503, body: 'b 503' });
    expect(ups.map((u) => u.hits())).toEqual([1, 1, 0]);
  });

  test('a response-header timeout is retried only with on_timeout', async () => {
    const silent = await trackedUpstream(() => {
      /* never answers */
    });
    const good = await answering('good', 200);
    const timeouts = { dialMs: 2000, responseHeaderMs: 100, readMs: 2000, totalMs: 0 };
    const withRetry = await proxyTo([silent.url, good.url], { lb: { kind: 'first' }, timeouts, retry: retries(1, { onTimeout: true }) });
    expect(await fetchText(`${withRetry.url}/`)).toMatchObject({ status: 200, body: 'good 200' });
    const without = await proxyTo([silent.url, good.url], { lb: { kind: 'first' }, timeouts, retry: retries(1) });
    const res = await fetchText(`${without.url}/`);
    expect(res.status).toBe(504);
    expect(res.body).toContain('sent no response head within 100ms (response_header_timeout)');
  });

  test('the retry budget caps retries: past it, failures are answered without one', async () => {
    const bad = await answering('bad', 503);
    const good = await answering('good', 200);
    // No share of traffic, a floor of 1 retry per second: 10 retries in the 10-second window.
    const rws = await proxyTo([bad.url, good.url], { lb: { kind: 'first' }, retry: retries(1, { statuses: [503], budget: { ratio: 0, minPerSec: 1 } }) });
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await fetchText(`${rws.url}/`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([503, 503, 503, 503, 503]);
  });

  test('try_duration stops retrying once it has passed', async () => {
    let calls = 0;
    const failing = await trackedUpstream((_req, res) => {
      calls++;
      res.statusCode = 502;
      res.end('down');
    });
    const rws = await proxyTo([failing.url], { retry: retries(1000, { statuses: [502], intervalMs: 20, tryDurationMs: 300 }) });
    expect(await fetchText(`${rws.url}/`)).toMatchObject({ status: 502, body: 'down' });
    // Bounded by the duration, not by the 1000 tries.
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(20);
  });
});
