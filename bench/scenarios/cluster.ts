/**
 * cluster: rws's throughput with every core (`workers auto`: a primary and one worker per CPU sharing the
 * listener) against one process, same proxy config. Nothing is pinned here — not the servers, not the
 * upstream, not wrk — so on a small machine the workers share the CPUs with the load generator and the
 * upstream: the ratio is what adding workers buys on this machine, not an ideal scaling figure.
 */
import { availableParallelism } from 'node:os';
import type { BenchEnv } from '../bench-env.ts';
import { RWS_GLOBALS, rwsServer, rwsUnavailable } from '../peers/rws.ts';
import { PROXY_BODY, PROXY_EXPECT, upstreamSpec } from '../proxy-lineup.ts';
import type { ScenarioReport } from '../results.ts';
import { type Entrant, measureLoad } from '../rounds.ts';
import { type RunningServer, startServer } from '../server.ts';

export async function clusterScenario(env: BenchEnv): Promise<ScenarioReport> {
  const cpus = availableParallelism();
  const one = 'rws (1 process)';
  const all = `rws (workers auto = ${cpus})`;
  // Every process may use every CPU in this scenario.
  const free: BenchEnv = { ...env, pinning: { kind: 'none', reason: 'cluster scenario: all cores for everyone' } };
  const load = (entrants: Entrant[]) =>
    measureLoad(free, {
      title: `cluster: all ${cpus} cores vs one process`,
      request: `GET / → upstream answering "${PROXY_BODY}"`,
      expect: PROXY_EXPECT,
      baselines: [one, 'direct'],
      entrants,
      notes: [
        `not pinned: the rws processes, the upstream (nginx, one worker) and wrk share all ${cpus} CPUs`,
        'workers auto: a primary (no requests) and one worker per CPU; connections handed out round-robin by node:cluster',
      ],
    });
  const upstream = upstreamSpec(free);
  const unavailable = upstream === null ? 'the upstream is nginx, which is not installed' : rwsUnavailable(env);
  if (upstream === null || unavailable !== null) {
    return { scenario: 'cluster', tables: [await load([one, all, 'direct'].map((name) => ({ kind: 'skipped', name, reason: unavailable ?? '' })))] };
  }
  const started: RunningServer[] = [];
  try {
    env.progress('cluster: starting the upstream');
    const up = await startServer(free, upstream);
    started.push(up);
    const entrants: Entrant[] = [];
    for (const [name, workers] of [
      [one, 1],
      [all, 'auto'],
    ] as const) {
      env.progress(`cluster: starting ${name}`);
      try {
        const server = await startServer(
          free,
          rwsServer(env, {
            name,
            rwsfile: (port) => `${RWS_GLOBALS.replace('{', `{\n\tworkers ${workers}`)}\nhttp://127.0.0.1:${port} {\n\treverse_proxy 127.0.0.1:${up.port}\n}\n`,
            probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
            expect: PROXY_EXPECT,
            readyOn: 'ready',
          }),
        );
        started.push(server);
        entrants.push({ kind: 'ready', name, probe: { url: `http://127.0.0.1:${server.port}/`, host: null }, pid: server.child.pid });
      } catch (err) {
        entrants.push({ kind: 'failed', name, reason: (err as Error).message });
      }
    }
    entrants.push({ kind: 'ready', name: 'direct', probe: { url: `http://127.0.0.1:${up.port}/`, host: null }, pid: up.child.pid });
    return { scenario: 'cluster', tables: [await load(entrants)] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}
