/**
 * Balancing policies measured over many requests through a real rws to real upstreams: each policy's
 * distribution, weights, failover, and consistent hashing (adding an upstream moves only about 1/n of keys).
 */
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import type { TestUpstream } from '../runtime/handlers/fixtures/upstream.ts';
import { compileRwsfile, hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

// Many connections, so load-aware policies see concurrency.
const agent = new Agent({ connections: 64 });
afterAll(() => agent.close());

async function named(...names: string[]): Promise<TestUpstream[]> {
  return Promise.all(names.map((n) => trackedUpstream((_req, res) => res.end(n))));
}

function site(body: string, globals = ''): string {
  return `{\n  admin off\n${globals}}\nhttp://127.0.0.1:0 {\n${body}\n}\n`;
}

async function ask(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await request(url, { headers, dispatcher: agent });
  return res.body.text();
}

/** `n` requests, `parallel` at a time; how many each upstream answered. */
async function tally(url: string, n: number, parallel = 1, headers: (i: number) => Record<string, string> = () => ({})): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        const name = await ask(url, headers(i));
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

const share = (counts: Record<string, number>, name: string): number => (counts[name] ?? 0) / Object.values(counts).reduce((a, b) => a + b, 0);

describe('policies', () => {
  test('round_robin with weights 3 1: exactly 3 of every 4 requests, interleaved', async () => {
    const [a, b] = await named('a', 'b');
    const rws = await serveRwsfile(site(`  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {\n    weights 3 1\n  }`));
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) seen.push(await ask(`${rws.url}/`));
    expect(seen).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
    expect(await tally(`${rws.url}/`, 200)).toEqual({ a: 150, b: 50 });
  });

  test('random follows the weights (1,000 requests, ±5%: over 3.5 standard deviations)', async () => {
    const [a, b] = await named('a', 'b');
    const rws = await serveRwsfile(site(`  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {\n    lb_policy random\n    weights 3 1\n  }`));
    const counts = await tally(`${rws.url}/`, 1000, 16);
    expect(share(counts, 'a')).toBeGreaterThan(0.7);
    expect(share(counts, 'a')).toBeLessThan(0.8);
  });

  test('p2c and least_conn spread equal upstreams evenly (800 requests each, ±5%)', async () => {
    const ups = await named('a', 'b', 'c', 'd');
    const list = ups.map((u) => hostPort(u.url)).join(' ');
    for (const policy of ['p2c', 'least_conn']) {
      const rws = await serveRwsfile(site(`  reverse_proxy ${list} {\n    lb_policy ${policy}\n  }`));
      const counts = await tally(`${rws.url}/`, 800, 16);
      for (const name of ['a', 'b', 'c', 'd']) {
        expect(share(counts, name), `${policy} ${name}`).toBeGreaterThan(0.2);
        expect(share(counts, name), `${policy} ${name}`).toBeLessThan(0.3);
      }
    }
  });

  test('least_conn and p2c steer new requests away from an upstream that is stuck with requests', async () => {
    const held: (() => void)[] = [];
    const slow = await trackedUpstream((_req, res) => held.push(() => res.end('slow')));
    const [fast] = await named('fast');
    for (const policy of ['least_conn', 'p2c']) {
      const rws = await serveRwsfile(site(`  reverse_proxy ${hostPort(slow.url)} ${hostPort(fast.url)} {\n    lb_policy ${policy}\n  }`));
      // Occupy the slow upstream: requests that land on it stay in flight.
      const pending: Promise<string>[] = [];
      for (let i = 0; i < 10; i++) pending.push(ask(`${rws.url}/`));
      await expect.poll(() => held.length, { timeout: 5000 }).toBeGreaterThan(0);
      const counts = await tally(`${rws.url}/`, 200, 1);
      expect(counts.fast, policy).toBeGreaterThanOrEqual(195);
      for (const release of held.splice(0)) release();
      await Promise.all(pending);
    }
  });

  test('first sends everything to the first upstream while it is up, then fails over', async () => {
    const [a, b] = await named('a', 'b');
    const rws = await serveRwsfile(site(`  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {\n    lb_policy first\n    lb_retries 1\n  }`));
    expect(await tally(`${rws.url}/`, 50)).toEqual({ a: 50 });
    await a.close();
    // The refused try moves on to `b` (and `a` is passed over while cooling down).
    expect(await tally(`${rws.url}/`, 20)).toEqual({ b: 20 });
  });

  test('hash header: a key always gets the same upstream; keys spread; requests without it are spread too', async () => {
    const ups = await named('a', 'b', 'c');
    const rws = await serveRwsfile(site(`  reverse_proxy ${ups.map((u) => hostPort(u.url)).join(' ')} {\n    lb_policy hash header X-User\n  }`));
    const first = new Map<string, string>();
    for (let i = 0; i < 300; i++) first.set(`user-${i}`, await ask(`${rws.url}/`, { 'x-user': `user-${i}` }));
    for (let i = 0; i < 300; i += 7) expect(await ask(`${rws.url}/`, { 'x-user': `user-${i}` })).toBe(first.get(`user-${i}`));
    const counts: Record<string, number> = {};
    for (const name of first.values()) counts[name] = (counts[name] ?? 0) + 1;
    for (const name of ['a', 'b', 'c']) expect(counts[name]).toBeGreaterThan(60);
    expect(Object.keys(await tally(`${rws.url}/`, 60)).sort()).toEqual(['a', 'b', 'c']);
  });

  test('hash with weights 3 1: about three quarters of the keys go to the first upstream (400 keys, ±10%)', async () => {
    const [a, b] = await named('a', 'b');
    const rws = await serveRwsfile(site(`  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {\n    weights 3 1\n    lb_policy hash query id\n  }`));
    const counts = await tally(`${rws.url}/`, 400, 8, (i) => ({ 'x-i': String(i) }));
    // Without the key, requests are spread by weight too.
    expect(share(counts, 'a')).toBeGreaterThan(0.65);
    let a3 = 0;
    for (let i = 0; i < 400; i++) if ((await ask(`${rws.url}/?id=k${i}`)) === 'a') a3++;
    expect(a3 / 400).toBeGreaterThan(0.65);
    expect(a3 / 400).toBeLessThan(0.85);
  });

  test('hash cookie, query and uri keep their key on one upstream', async () => {
    const ups = await named('a', 'b', 'c');
    const list = ups.map((u) => hostPort(u.url)).join(' ');
    const cases: [string, (i: number) => [string, Record<string, string>]][] = [
      ['hash cookie session', (i) => ['/', { cookie: `other=1; session=s${i}` }]],
      ['hash query id', (i) => [`/?id=${i}`, {}]],
      ['hash uri', (i) => [`/page/${i}`, {}]],
    ];
    for (const [policy, requestFor] of cases) {
      const rws = await serveRwsfile(site(`  reverse_proxy ${list} {\n    lb_policy ${policy}\n  }`));
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const [path, headers] = requestFor(i);
        const once = await ask(`${rws.url}${path}`, headers);
        expect(await ask(`${rws.url}${path}`, headers), policy).toBe(once);
        seen.add(once);
      }
      expect(seen.size, policy).toBe(3);
    }
  });

  test('consistent hashing: adding a fourth upstream moves only about a quarter of the keys, all to it', async () => {
    const ups = await named('a', 'b', 'c', 'd');
    const pool = (n: number) => site(`  reverse_proxy ${ups.slice(0, n).map((u) => hostPort(u.url)).join(' ')} {\n    lb_policy hash header X-User\n  }`);
    const rws = await serveRwsfile(pool(3));
    const keys = Array.from({ length: 400 }, (_, i) => `user-${i}`);
    const before = new Map<string, string>();
    for (const k of keys) before.set(k, await ask(`${rws.url}/`, { 'x-user': k }));
    await rws.server.apply(compileRwsfile(pool(4)));
    let moved = 0;
    for (const k of keys) {
      const now = await ask(`${rws.url}/`, { 'x-user': k });
      if (now !== before.get(k)) {
        moved++;
        expect(now).toBe('d');
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.15);
    expect(moved / keys.length).toBeLessThan(0.35);
  });
});
