import { writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type RwsProcess, runCli, startRws, tempDir } from '../support/rws-process.ts';

const started: RwsProcess[] = [];
const upstreams: HttpServer[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(upstreams.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function config(body: string, admin = '127.0.0.1:0'): string {
  return `{
	admin ${admin}
	default_bind 127.0.0.1
	grace_period 5s
}

http://:0 {
	respond "${body}"
}
`;
}

async function start(text: string): Promise<{ rws: RwsProcess; dir: string; port: number }> {
  const dir = tempDir({ Rwsfile: text });
  const rws = await startRws(dir);
  started.push(rws);
  return { rws, dir, port: rws.listening()[0].port };
}

describe('reload', () => {
  it('swaps the config under steady load without a single failed request', async () => {
    const { rws, dir, port } = await start(config('v0'));
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 4 });
    const seen = new Set<string>();
    let failures = 0;
    let requests = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const r = await pool.request({ path: '/', method: 'GET' });
          const text = await r.body.text();
          if (r.statusCode !== 200) failures++;
          seen.add(text);
        } catch {
          failures++;
        }
        requests++;
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    for (let v = 1; v <= 5; v++) {
      writeFileSync(join(dir, 'Rwsfile'), config(`v${v}`));
      const applied = rws.logs.filter((l) => l.msg === 'config applied').length;
      rws.child.kill('SIGHUP');
      await rws.waitFor((l) => l.msg === 'config applied' && rws.logs.filter((x) => x.msg === 'config applied').length > applied, `reload v${v}`);
      // Let some requests run on each version.
      const before = requests;
      while (requests < before + 20) await new Promise((r) => setTimeout(r, 5));
    }
    running = false;
    await Promise.all(workers);
    await pool.close();
    expect(failures).toBe(0);
    expect(seen.has('v5')).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(2);
    // The listener was kept: one "listening" line only.
    expect(rws.listening()).toHaveLength(1);
  });

  it('keeps serving the old config when the new file has errors, and says why', async () => {
    const { rws, dir, port } = await start(config('good'));
    writeFileSync(join(dir, 'Rwsfile'), `${config('bad')}\nhttp://:0 {\n\trevers_proxy 127.0.0.1:1\n`);
    rws.child.kill('SIGHUP');
    await rws.waitForMsg('reload rejected');
    expect(rws.stderr).toMatch(/Rwsfile:\d+:\d+: error\[RWS\d{4}\]/);
    const r = await request(`http://127.0.0.1:${port}/`);
    expect(await r.body.text()).toBe('good');
  });

  it('rws reload sends the file to the admin endpoint; errors come back and change nothing', async () => {
    const { rws, dir, port } = await start(config('one'));
    const admin = await rws.waitForMsg('admin listening');
    const address = `127.0.0.1:${Number(admin.port)}`;

    writeFileSync(join(dir, 'Rwsfile'), config('two'));
    const ok = runCli(['reload', '--address', address], dir);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^reloaded \(plan [0-9a-f]{12}\)/);
    expect(ok.code).toBe(0);
    expect(await (await request(`http://127.0.0.1:${port}/`)).body.text()).toBe('two');

    const same = runCli(['reload', '--address', address], dir);
    expect(same.stdout).toMatch(/^unchanged/);

    writeFileSync(join(dir, 'Rwsfile'), config('three').replace('respond', 'respnd'));
    const bad = runCli(['reload', '--address', address], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[RWS\d{4}\].*respnd/);
    expect(bad.stderr).toContain('did you mean `respond`?');
    expect(await (await request(`http://127.0.0.1:${port}/`)).body.text()).toBe('two');
  });

  it('rws reload finds a unix-socket admin endpoint from the file itself', async () => {
    const dir = tempDir();
    const sock = join(dir, 'admin.sock');
    writeFileSync(join(dir, 'Rwsfile'), config('sock-one', `unix/${sock}`));
    const rws = await startRws(dir);
    started.push(rws);
    const port = rws.listening()[0].port;
    writeFileSync(join(dir, 'Rwsfile'), config('sock-two', `unix/${sock}`));
    const r = runCli(['reload'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^reloaded/);
    expect(await (await request(`http://127.0.0.1:${port}/`)).body.text()).toBe('sock-two');
  });

  it('rws reload explains when nothing is listening', () => {
    const dir = tempDir({ Rwsfile: config('x', '127.0.0.1:1') });
    const r = runCli(['reload'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no rws is listening on its admin endpoint 127\.0\.0\.1:1/);
  });
});

describe('shutdown', () => {
  it('SIGTERM lets a request in flight finish, then exits 0', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let arrived: () => void = () => {};
    const upstreamHasIt = new Promise<void>((r) => (arrived = r));
    const up = createServer((_req, res) => {
      arrived();
      void gate.then(() => res.end('slow answer'));
    });
    upstreams.push(up);
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
    const upPort = (up.address() as AddressInfo).port;
    const { rws, port } = await start(`{\n\tadmin off\n\tdefault_bind 127.0.0.1\n\tgrace_period 10s\n}\n\nhttp://:0 {\n\treverse_proxy 127.0.0.1:${upPort}\n}\n`);
    const inflight = request(`http://127.0.0.1:${port}/slow`);
    // Once the upstream holds the request, ask rws to stop.
    await upstreamHasIt;
    rws.child.kill('SIGTERM');
    await rws.waitForMsg('shutting down');
    release();
    const res = await inflight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('slow answer');
    expect(await rws.exited).toBe(0);
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
