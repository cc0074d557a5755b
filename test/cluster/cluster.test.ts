/**
 * Cluster mode (`workers 2`) through the real `rws run` process: two worker processes share the listener,
 * a reload (SIGHUP or `rws reload` through the primary's admin endpoint) reaches both, a bad reload changes
 * nothing, a killed worker is replaced, /metrics sums the workers, SIGTERM drains everything and exits 0
 * with no worker left behind.
 */
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogLine, RwsProcess, runCli, startRws, tempDir } from '../support/rws-process.ts';

function config(body: string): string {
  return `{
	workers 2
	admin 127.0.0.1:0
	metrics 127.0.0.1:0
	default_bind 127.0.0.1
	grace_period 2s
}

http://:0 {
	respond "${body} {pid}"
}
`;
}

/** One GET on a fresh connection (so the cluster may hand it to either worker). */
function ask(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

/** Asks on fresh connections until `want` distinct worker pids answered (at most `max` requests). */
async function answeringPids(port: number, want: number, max = 40): Promise<{ pids: Set<number>; bodies: Set<string> }> {
  const pids = new Set<number>();
  const bodies = new Set<string>();
  for (let i = 0; i < max && pids.size < want; i++) {
    const { status, body } = await ask(port);
    expect(status).toBe(200);
    bodies.add(body.replace(/ \d+$/, ''));
    pids.add(Number(body.split(' ').at(-1)));
  }
  return { pids, bodies };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The primary's lines have no `worker` field. */
const fromPrimary = (l: LogLine): boolean => l.worker === undefined;

describe('workers 2', () => {
  let rws: RwsProcess;
  let dir: string;
  let port: number;
  let metricsPort: number;
  let adminPort: number;
  const workerPids = new Set<number>();

  beforeAll(async () => {
    dir = tempDir({ Rwsfile: config('v1') });
    rws = await startRws(dir);
    port = rws.listening()[0].port;
    metricsPort = Number((await rws.waitForMsg('metrics listening')).port);
    adminPort = Number((await rws.waitForMsg('admin listening')).port);
  }, 60_000);

  afterAll(async () => {
    // Normally stopped by the last test; SIGKILL leaves workers to notice the primary is gone.
    if (rws.child.exitCode === null) await rws.stop('SIGKILL');
    for (const pid of workerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('serves from two worker processes sharing one listener, not from the primary', async () => {
    const { pids, bodies } = await answeringPids(port, 2);
    for (const pid of pids) workerPids.add(pid);
    expect(pids.size).toBe(2);
    expect(pids.has(rws.child.pid ?? -1)).toBe(false);
    expect([...bodies]).toEqual(['v1']);
    // Both workers announced the same port.
    const ports = new Set(rws.listening().map((l) => l.port));
    expect([...ports]).toEqual([port]);
  });

  it('applies a reload in every worker, and rejects a bad one in the primary without touching them', async () => {
    writeFileSync(join(dir, 'Rwsfile'), config('v2'));
    const applied = rws.logs.filter((l) => l.msg === 'config applied' && fromPrimary(l)).length;
    rws.child.kill('SIGHUP');
    await rws.waitFor((l) => l.msg === 'config applied' && fromPrimary(l) && rws.logs.filter((x) => x.msg === 'config applied' && fromPrimary(x)).length > applied, 'reload v2');
    const after = await answeringPids(port, 2);
    expect([...after.bodies]).toEqual(['v2']);
    expect(after.pids.size).toBe(2);

    writeFileSync(join(dir, 'Rwsfile'), config('v3').replace('respond', 'respnd'));
    rws.child.kill('SIGHUP');
    await rws.waitForMsg('reload rejected');
    expect(rws.stderr).toMatch(/Rwsfile:\d+:\d+: error\[RWS\d{4}\]/);
    const still = await answeringPids(port, 2);
    expect([...still.bodies]).toEqual(['v2']);
  });

  it('keeps serving the old config when the workers cannot apply a new one (a port already taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = (taken.address() as AddressInfo).port;
      writeFileSync(join(dir, 'Rwsfile'), `${config('v3')}\nhttp://127.0.0.1:${busy} {\n\trespond "never"\n}\n`);
      rws.child.kill('SIGHUP');
      await rws.waitForMsg('reload failed: the previous config keeps serving');
      const still = await answeringPids(port, 2);
      expect([...still.bodies]).toEqual(['v2']);
      expect(still.pids.size).toBe(2);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('sums the workers in /metrics', async () => {
    const before = await requestsTotal(metricsPort);
    for (let i = 0; i < 10; i++) await ask(port);
    // Each scrape asks every worker; their counts add up to at least the 10 requests just made.
    expect((await requestsTotal(metricsPort)) - before).toBe(10);
  });

  it('serves the admin endpoint from the primary: `rws reload` reaches every worker', async () => {
    writeFileSync(join(dir, 'Rwsfile'), config('v4'));
    const r = runCli(['reload', 'Rwsfile', '--address', `127.0.0.1:${adminPort}`], dir);
    expect(r.code, r.stderr).toBe(0);
    const after = await answeringPids(port, 2);
    expect([...after.bodies]).toEqual(['v4']);
    expect(after.pids.size).toBe(2);
  });

  it('replaces a worker that dies', async () => {
    const { pids } = await answeringPids(port, 2);
    const [victim] = [...pids];
    const serving = rws.logs.filter((l) => l.msg === 'worker serving').length;
    process.kill(victim, 'SIGKILL');
    await rws.waitForMsg('worker died: restarting it', (l) => l.workerPid === victim);
    await rws.waitFor((l) => l.msg === 'worker serving' && rws.logs.filter((x) => x.msg === 'worker serving').length > serving, 'a replacement worker');
    const now = await answeringPids(port, 2);
    for (const pid of now.pids) workerPids.add(pid);
    expect(now.pids.size).toBe(2);
    expect(now.pids.has(victim)).toBe(false);
    // The replacement serves the current plan, not the one rws was started with.
    expect([...now.bodies]).toEqual(['v4']);
  }, 30_000);

  it('drains every worker on SIGTERM and exits 0 with none left behind', async () => {
    const code = await rws.stop('SIGTERM');
    expect(code).toBe(0);
    for (const pid of workerPids) expect(alive(pid), `worker ${pid} still running`).toBe(false);
    expect(rws.logs.some((l) => l.msg === 'stopped' && fromPrimary(l))).toBe(true);
  }, 30_000);
});

async function requestsTotal(metricsPort: number): Promise<number> {
  const { status, body } = await ask(metricsPort, '/metrics');
  expect(status).toBe(200);
  let sum = 0;
  for (const line of body.split('\n')) {
    const m = /^rws_requests_total\{[^}]*\} (\d+)/.exec(line);
    if (m !== null) sum += Number(m[1]);
  }
  return sum;
}

describe('workers 2 on a port already taken', () => {
  it('exits 1 saying it cannot listen, with no worker left behind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dir = tempDir({ Rwsfile: `{\n\tworkers 2\n\tadmin off\n}\n\nhttp://127.0.0.1:${port} {\n\trespond "x"\n}\n` });
    const rws = new RwsProcess(['run', 'Rwsfile'], dir);
    try {
      const timer = setTimeout(() => rws.child.kill('SIGKILL'), 30_000);
      const code = await rws.exited;
      clearTimeout(timer);
      expect(code).toBe(1);
      expect(rws.stderr).toMatch(/cannot listen: .*EADDRINUSE/);
      const forked = rws.logs.filter((l) => l.msg === 'worker exited').map((l) => Number(l.workerPid));
      expect(forked.length).toBe(2);
      for (const pid of forked) expect(alive(pid)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 40_000);
});
