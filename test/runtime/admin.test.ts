import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCompileInput, AdminHooks } from '../../runtime/server.ts';
import type { BindAddress, Plan } from '../../runtime/plan/plan.ts';
import { simplePlan } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rws-admin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(stopAll);

const tcp: BindAddress = { kind: 'tcp', host: '127.0.0.1', port: 0 };

function withAdmin(body: string, address: BindAddress = tcp, hash?: string): Plan {
  return simplePlan(body, { hash, global: { admin: { address, origin: 'Rwsfile:1:1' } } });
}

/** A stand-in for the CLI's compiler: "respond X" becomes a plan answering X, anything else is an error. */
function fakeCompiler(seen: AdminCompileInput[], admin: BindAddress = tcp): AdminHooks {
  return {
    compile: async (input) => {
      seen.push(input);
      const m = /^respond (\S+)$/.exec(input.text.trim());
      if (m === null) return { plan: null, diagnostics: [{ code: 'RWS3001', message: 'unknown directive' }], rendered: 'Rwsfile:1:1: error[RWS3001]: unknown directive\n' };
      return { plan: withAdmin(m[1], admin, `hash-${m[1]}`), diagnostics: [], rendered: '' };
    },
  };
}

function adminUrl(rws: Running): string {
  const at = rws.server.addresses().admin;
  if (at === null || !('port' in at)) throw new Error('admin is not on TCP');
  return `http://127.0.0.1:${at.port}`;
}

async function call(url: string, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const res = await request(`${url}${path}`, { method: (init.method ?? 'GET') as 'GET', body: init.body, headers: init.headers });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe('admin endpoint', () => {
  it('POST /load compiles the text, applies the plan and reports hash and change', async () => {
    const seen: AdminCompileInput[] = [];
    const rws = await start(withAdmin('one'), { admin: fakeCompiler(seen) });
    expect(rws.logs.find((l) => l.msg === 'admin listening')).toMatchObject({ host: '127.0.0.1' });
    const admin = adminUrl(rws);
    const ok = await call(admin, '/load', { method: 'POST', body: 'respond two', headers: { 'rws-path': '/etc/rws/Rwsfile' } });
    expect(ok).toEqual({ status: 200, json: { ok: true, hash: 'hash-two', changed: true } });
    expect(seen).toEqual([{ text: 'respond two', path: '/etc/rws/Rwsfile' }]);
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('two');
    const again = await call(admin, '/load', { method: 'POST', body: 'respond two' });
    expect(again.json).toMatchObject({ ok: true, changed: false });
    expect(seen[1]).toEqual({ text: 'respond two' });
  });

  it('POST /load with errors answers 400 with the diagnostics, and the old plan keeps serving', async () => {
    const rws = await start(withAdmin('one'), { admin: fakeCompiler([]) });
    const bad = await call(adminUrl(rws), '/load', { method: 'POST', body: 'respnd two' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, diagnostics: [{ code: 'RWS3001' }], rendered: 'Rwsfile:1:1: error[RWS3001]: unknown directive\n' });
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('one');
  });

  it('GET /config returns the serving plan; GET /health its hash', async () => {
    const served = withAdmin('one');
    const rws = await start(served);
    const admin = adminUrl(rws);
    expect(await call(admin, '/config')).toEqual({ status: 200, json: JSON.parse(JSON.stringify(served)) });
    expect(await call(admin, '/health')).toEqual({ status: 200, json: { ok: true, hash: served.hash } });
    expect((await call(admin, '/load', { method: 'POST', body: 'respond x' })).status).toBe(501);
    expect((await call(admin, '/config', { method: 'POST' })).status).toBe(405);
    expect((await call(admin, '/nope')).status).toBe(404);
  });

  it('refuses requests with an Origin header or a non-loopback Host (DNS rebinding)', async () => {
    const rws = await start(withAdmin('one'), { admin: fakeCompiler([]) });
    const admin = adminUrl(rws);
    const origin = await call(admin, '/load', { method: 'POST', body: 'respond evil', headers: { origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
    const rebinding = await call(admin, '/config', { headers: { host: 'evil.example:2019' } });
    expect(rebinding.status).toBe(403);
    expect((await call(admin, '/health', { headers: { host: 'localhost:2019' } })).status).toBe(200);
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('one');
  });

  it('POST /stop answers, then shuts the server down gracefully', async () => {
    const rws = await start(withAdmin('one'));
    const stop = await call(adminUrl(rws), '/stop', { method: 'POST' });
    expect(stop).toEqual({ status: 200, json: { ok: true } });
    await rws.server.closed;
    await expect(request(`${rws.url}/`)).rejects.toThrow();
  });

  it('listens on a unix socket, and moves when a reload changes its address', async () => {
    const socketPath = join(dir, 'admin.sock');
    const unix: BindAddress = { kind: 'unix', path: socketPath };
    const rws = await start(withAdmin('one', unix), { admin: fakeCompiler([], tcp) });
    expect(rws.server.addresses().admin).toEqual({ path: socketPath });
    const client = new Client('http://localhost', { socketPath });
    try {
      const res = await client.request({ path: '/load', method: 'POST', body: 'respond two' });
      expect(await res.body.json()).toMatchObject({ ok: true, changed: true });
    } finally {
      await client.close();
    }
    // The new plan puts the admin endpoint on TCP.
    const moved = rws.server.addresses().admin;
    expect(moved !== null && 'port' in moved).toBe(true);
    expect((await call(adminUrl(rws), '/health')).json).toMatchObject({ hash: 'hash-two' });
  });
});
