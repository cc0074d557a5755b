import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPlan } from '../../runtime/plan/plan.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rws-log-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(stopAll);

/** Reads the file until it has `count` lines (bounded: the destination writes asynchronously). */
async function lines(path: string, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // not created yet
    }
    const got = text.split('\n').filter((l) => l !== '');
    if (got.length >= count) return got;
    await sleep(10);
  }
  throw new Error(`${path} never reached ${count} lines`);
}

function logged(accessLog: AccessLogPlan) {
  return plan({ listeners: [httpListener([site('log.test, www.log.test', [route([respond('hello!')])], { accessLog })])] });
}

describe('access log', () => {
  it('writes one JSON line per request with the documented fields', async () => {
    const file = join(dir, 'nested', 'access.json');
    const rws = await start(logged({ output: { kind: 'file', path: file }, format: 'json', origin: 'Rwsfile:3:2' }));
    const res = await request(`${rws.url}/some/path?q=1`, { headers: { 'user-agent': 'test-agent/1.0', host: 'Log.Test' } });
    expect(await res.body.text()).toBe('hello!');
    const [line] = await lines(file, 1);
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry).toMatchObject({
      remote_ip: '127.0.0.1',
      method: 'GET',
      host: 'log.test',
      uri: '/some/path?q=1',
      proto: 'http/1.1',
      status: 200,
      size: 6,
      user_agent: 'test-agent/1.0',
      site: 'log.test, www.log.test',
    });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(String(entry.ts)).toISOString()).toBe(entry.ts);
    expect(typeof entry.duration_ms).toBe('number');
  });

  it('console format: one readable line per request', async () => {
    const file = join(dir, 'access.log');
    const rws = await start(logged({ output: { kind: 'file', path: file }, format: 'console', origin: 'Rwsfile:3:2' }));
    await (await request(`${rws.url}/a`, { method: 'HEAD' })).body.dump();
    await (await request(`${rws.url}/b`)).body.dump();
    const [first, second] = await lines(file, 2);
    expect(first).toMatch(/^\S+Z 127\.0\.0\.1 "HEAD \/a HTTP\/1\.1" 200 0B [\d.]+ms host=127\.0\.0\.1 site="log\.test, www\.log\.test" id=\S+ ua="\S*"$/);
    expect(second).toContain('"GET /b HTTP/1.1" 200 6B');
  });

  it('keeps every line whole when many requests finish together, and has them on disk by shutdown', async () => {
    const file = join(dir, 'burst.json');
    const rws = await start(logged({ output: { kind: 'file', path: file }, format: 'json', origin: 'Rwsfile:3:2' }));
    const count = 60;
    await Promise.all(Array.from({ length: count }, async (_, i) => (await request(`${rws.url}/burst/${i}`)).body.dump()));
    await stopAll();
    const got = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    expect(got).toHaveLength(count);
    const uris = got.map((l) => (JSON.parse(l) as { uri: string }).uri).sort();
    expect(uris).toEqual(Array.from({ length: count }, (_, i) => `/burst/${i}`).sort());
  });

  it('discard provisions nothing and logs nothing', async () => {
    const rws = await start(logged({ output: { kind: 'discard' }, format: 'json', origin: 'Rwsfile:3:2' }));
    expect((await request(`${rws.url}/`)).statusCode).toBe(200);
  });
});
