/**
 * memory: what idle keep-alive connections cost each proxy. For every contestant, in every round, a fresh
 * server is started, asked once (warm), its RSS read from /proc/PID/status; then N connections (default
 * 10,000) each make one proxied GET and stay open, idle; after a pause the RSS is read again. The report
 * shows the delta and the cost per connection. Needs `ulimit -n` above N (+ some) for the harness and the
 * servers it starts (they inherit it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BenchEnv } from '../bench-env.ts';
import { openIdleConnections } from '../idle-connections.ts';
import { PROXY_BODY, PROXY_CONTESTANTS, proxyLineup, upstreamSpec, wanted } from '../proxy-lineup.ts';
import type { Measured, MemoryFigures, MemoryTable, ScenarioReport } from '../results.ts';
import { type RunningServer, startServer } from '../server.ts';

/** Time for the server to settle (and a Node server to collect garbage) before each RSS reading. */
const SETTLE_MS = 2000;
/** File descriptors beyond the connections: the upstream's, the server's own, the harness's. */
const FD_MARGIN = 1000;

export async function memoryScenario(env: BenchEnv): Promise<ScenarioReport> {
  const count = env.options.idleConnections;
  const table = (results: MemoryTable['results']): MemoryTable => ({
    kind: 'memory',
    title: `memory: ${count.toLocaleString('en-US')} idle keep-alive connections`,
    detail: `each connection: one GET / proxied to the upstream ("${PROXY_BODY}"), then idle · RSS from /proc/PID/status · a fresh server per round · ${env.options.rounds} round${env.options.rounds === 1 ? '' : 's'}`,
    results,
    notes: [
      'per connection = (RSS with − RSS before) ÷ connections still open at the second reading',
      'nginx worker_connections and haproxy maxconn raised to fit; the Node proxies keep idle clients 75 s (Node\'s default is 5 s)',
    ],
  });
  const skipAll = (reason: string) => ({ scenario: 'memory', tables: [table(PROXY_CONTESTANTS.map((name) => ({ name, outcome: { kind: 'skipped' as const, reason } })))] });
  const limit = openFileLimit();
  if (limit !== null && limit < count + FD_MARGIN) return skipAll(`ulimit -n is ${limit}: raise it to at least ${count + FD_MARGIN} (or pass a smaller --idle-connections)`);
  const upstream = upstreamSpec(env);
  if (upstream === null) return skipAll('the upstream is nginx, which is not installed');

  const started: RunningServer[] = [];
  try {
    env.progress('memory: starting the upstream');
    const up = await startServer(env, upstream);
    started.push(up);
    const lineup = proxyLineup(env, up.port, { maxConnections: count + FD_MARGIN }).filter((c) => wanted(env, c.name));
    const rounds = new Map<string, MemoryFigures[]>(lineup.map((c) => [c.name, []]));
    const failures = new Map<string, string>();
    for (const c of lineup) if (c.missing !== null || c.spec === null) failures.set(c.name, c.missing ?? 'unavailable');
    for (let r = 0; r < env.options.rounds; r++) {
      for (let i = 0; i < lineup.length; i++) {
        const { name, spec } = lineup[(i + r) % lineup.length];
        if (spec === null || failures.has(name)) continue;
        env.progress(`memory: round ${r + 1}/${env.options.rounds}, ${name} (${count} connections)`);
        let server: RunningServer | null = null;
        try {
          server = await startServer(env, spec);
          rounds.get(name)?.push(await measure(server, count));
        } catch (err) {
          failures.set(name, (err as Error).message);
        } finally {
          await server?.child.stop();
        }
      }
    }
    const results = lineup.map(({ name }): { name: string; outcome: Measured<MemoryFigures> } => {
      const reason = failures.get(name);
      if (reason !== undefined) return { name, outcome: { kind: lineup.find((c) => c.name === name)?.spec === null ? 'skipped' : 'failed', reason } };
      return { name, outcome: { kind: 'measured', rounds: rounds.get(name) ?? [] } };
    });
    return { scenario: 'memory', tables: [table(results)] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}

async function measure(server: RunningServer, count: number): Promise<MemoryFigures> {
  const pid = server.child.pid;
  // One connection first: lazily created state (the upstream pool, JIT) is not counted as per-connection cost.
  const warm = await openIdleConnections(server.port, 1, PROXY_BODY.length);
  await warm.close();
  await sleep(SETTLE_MS);
  const beforeKiB = rssKiB(pid);
  const idle = await openIdleConnections(server.port, count, PROXY_BODY.length);
  try {
    await sleep(SETTLE_MS);
    const withKiB = rssKiB(pid);
    return { beforeKiB, withKiB, connections: idle.open() };
  } finally {
    await idle.close();
  }
}

/** Resident set size of one process, in KiB (VmRSS). */
function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (m === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

/** The soft limit on open files this process (and its children) has, or null when unknown. */
function openFileLimit(): number | null {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : r.stdout.trim() === 'unlimited' ? Number.POSITIVE_INFINITY : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
