/**
 * `rws upstreams` against a cluster (`workers 2`): the primary asks every worker for its pools and merges the
 * rows, so the counts cover requests served by either worker, and an upstream one worker's health checks
 * took out of rotation shows as unhealthy.
 */
import { execFile } from 'node:child_process';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UpstreamReport } from '../../runtime/handlers/proxy/upstream-metrics.ts';
import { CLI, type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';

let up: Server;
let rws: RwsProcess;
let port: number;
let adminPort: number;
let downPort: number;

beforeAll(async () => {
  up = createServer((_req, res) => res.end(`upstream ${process.pid}`));
  await new Promise<void>((resolve) => up.listen(0, '127.0.0.1', resolve));
  // A port nobody listens on: its health checks fail in every worker.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  downPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const upPort = (up.address() as AddressInfo).port;
  const dir = tempDir({
    Rwsfile: `{
	workers 2
	admin 127.0.0.1:0
	default_bind 127.0.0.1
	grace_period 1s
	upstream app {
		to 127.0.0.1:${upPort} 127.0.0.1:${downPort}
		lb_policy first
		health_uri /
		health_interval 100ms
	}
}

http://:0 {
	reverse_proxy app
}
`,
  });
  rws = await startRws(dir);
  port = rws.listening()[0].port;
  adminPort = Number((await rws.waitForMsg('admin listening')).port);
}, 60_000);

afterAll(async () => {
  if (rws !== undefined && rws.child.exitCode === null) await rws.stop('SIGTERM');
  await new Promise((resolve) => up.close(resolve));
});

function ask(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

/** GET /upstreams from the primary's admin endpoint. */
async function report(): Promise<UpstreamReport[]> {
  const res = await request(`http://127.0.0.1:${adminPort}/upstreams`);
  expect(res.statusCode).toBe(200);
  return ((await res.body.json()) as { upstreams: UpstreamReport[] }).upstreams;
}

/**
 * `rws upstreams` run without blocking this process: the upstream lives here, and a blocked event loop would
 * fail the health probes the report is about.
 */
function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'upstreams', '--address', `127.0.0.1:${adminPort}`, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 }, (err, stdout, stderr) =>
      err === null ? resolve(stdout) : reject(new Error(`${err.message}\n${stderr}`)),
    );
  });
}

const isDead = (r: UpstreamReport): boolean => r.upstream.endsWith(`:${downPort}`);

it('merges both workers: requests summed, the dead upstream unhealthy, one row per upstream', async () => {
  // Until both workers' health checks have run, a request may still be tried on the dead upstream first.
  for (let i = 0; i < 50; i++) {
    const rows = await report();
    if (rows.length === 2 && rows.every((r) => r.healthy !== isDead(r))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const before = (await report()).find((r) => !isDead(r))!.requests;
  for (let i = 0; i < 20; i++) expect(await ask()).toBe(200);

  // The CLI prints the merged report the primary collects.
  const rows = JSON.parse(await cli(['--json'])) as UpstreamReport[];
  expect(rows.map((r) => r.pool)).toEqual(['app', 'app']);
  const live = rows.find((r) => !isDead(r))!;
  const dead = rows.find(isDead)!;
  expect(live.requests - before).toBe(20);
  expect(live.healthy, JSON.stringify(rows)).toBe(true);
  expect(dead.healthy).toBe(false);
  expect(dead.state).toBe('unhealthy');

  // The table names the pool and both upstreams.
  const table = await cli([]);
  expect(table).toContain(live.upstream);
  expect(table).toContain(dead.upstream);
}, 30_000);
