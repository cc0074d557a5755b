/**
 * The latency and memory scenarios' tools against a real server (the nginx upstream template): the
 * fixed-rate client sends exactly rate × seconds requests and reports percentiles; idle connections are
 * held open after a complete answer and closed on request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBinaries } from '../binaries.ts';
import { runFixedRate } from '../fixed-rate.ts';
import { openIdleConnections } from '../idle-connections.ts';
import { nginxUpstream } from '../peers/nginx.ts';
import { startServer } from '../server.ts';
import { testEnv } from './helpers.ts';

const { nginx } = findBinaries();

describe.skipIf(nginx === null)('load tools', () => {
  let env: ReturnType<typeof testEnv>;
  let port = 0;
  beforeEach(async () => {
    env = testEnv();
    port = (await startServer(env, nginxUpstream(nginx ?? '', 'hello'))).port;
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('the fixed-rate client sends rate × seconds requests and reports their latency', async () => {
    const r = await runFixedRate(env, { url: `http://127.0.0.1:${port}/`, rate: 200, seconds: 1, connections: 4 });
    expect(r.requests).toBe(200);
    expect(r.errors).toBe(0);
    expect(r.p50).toBeGreaterThan(0);
    expect(r.p99).toBeGreaterThanOrEqual(r.p50);
    expect(r.max).toBeGreaterThanOrEqual(r.p99);
  });

  it('counts failed requests as errors', async () => {
    const refused = await runFixedRate(env, { url: 'http://127.0.0.1:1/', rate: 20, seconds: 1, connections: 2 });
    expect(refused.errors).toBe(20);
  });

  it('holds idle connections open after a complete answer, and closes them', async () => {
    const idle = await openIdleConnections(port, 300, 'hello'.length);
    expect(idle.open()).toBe(300);
    await idle.close();
    expect(idle.open()).toBe(0);
  });

  it('says so when a server does not answer 200', async () => {
    await expect(openIdleConnections(1, 10, 5)).rejects.toThrow(/connections failed/);
  });
});

describe('CPU time', () => {
  it('reads a process tree: a child that burns CPU is charged to its parent', async () => {
    const { spawn } = await import('node:child_process');
    const { cpuSeconds, treeCpuSeconds } = await import('../cpu-time.ts');
    // sh waits while its child spins for ~800 ms.
    const parent = spawn('sh', ['-c', `${process.execPath} -e "const t=Date.now(); while (Date.now()-t<800);" & sleep 0.2; wait`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    const tree = treeCpuSeconds(parent.pid ?? -1) ?? 0;
    const own = cpuSeconds(parent.pid ?? -1) ?? 0;
    await new Promise((r) => parent.once('exit', r));
    expect(tree).toBeGreaterThan(own);
    expect(treeCpuSeconds(parent.pid ?? -1)).toBeNull();
  });
});
