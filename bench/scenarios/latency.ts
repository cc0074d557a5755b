/**
 * latency: what each proxy adds to the latency of the upstream at a moderate, fixed request rate (well below
 * every contestant's capacity). The fixed-rate client (load/fixed-rate-client.ts) measures each request
 * from when it was due; "added" = the proxy's percentile minus `direct`'s, from the same run. Target: rws adds
 * less than 1 ms at p99.
 */
import { assertNever } from '../assert-never.ts';
import type { BenchEnv } from '../bench-env.ts';
import { type FixedRateResult, runFixedRate } from '../fixed-rate.ts';
import { PROXY_BODY, PROXY_CONTESTANTS, PROXY_EXPECT, proxyLineup, startLineup, upstreamSpec, wanted } from '../proxy-lineup.ts';
import { checkAnswer, get, type Probe } from '../readiness.ts';
import type { LatencyTable, ScenarioReport } from '../results.ts';
import type { Entrant } from '../rounds.ts';
import { type RunningServer, startServer } from '../server.ts';

/** Keep-alive connections the client may spread its requests over (opened as needed): enough that a stall on a busy machine does not cap the rate. */
const CONNECTIONS = 64;

export async function latencyScenario(env: BenchEnv): Promise<ScenarioReport> {
  const upstream = upstreamSpec(env);
  if (upstream === null) {
    const reason = 'the upstream is nginx, which is not installed';
    return { scenario: 'latency', tables: [await measureLatency(env, [...PROXY_CONTESTANTS, 'direct'].map((name) => ({ kind: 'skipped', name, reason })))] };
  }
  const started: RunningServer[] = [];
  try {
    env.progress('latency: starting the upstream');
    const up = await startServer(env, upstream);
    started.push(up);
    const entrants = await startLineup(env, proxyLineup(env, up.port), started, 'latency');
    if (wanted(env, 'direct')) entrants.push({ kind: 'ready', name: 'direct', probe: { url: `http://127.0.0.1:${up.port}/`, host: null } });
    return { scenario: 'latency', tables: [await measureLatency(env, entrants)] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}

async function measureLatency(env: BenchEnv, entrants: readonly Entrant[]): Promise<LatencyTable> {
  const { options } = env;
  const failures = new Map<string, string>();
  const rounds = new Map<string, FixedRateResult[]>();
  const ready: { name: string; probe: Probe }[] = [];
  for (const e of entrants) {
    if (e.kind !== 'ready') continue;
    try {
      checkAnswer(e.probe, PROXY_EXPECT, await get(e.probe));
      ready.push(e);
      rounds.set(e.name, []);
    } catch (err) {
      failures.set(e.name, (err as Error).message);
    }
  }
  const run = (e: { probe: Probe }, seconds: number) => runFixedRate(env, { url: e.probe.url, rate: options.rate, seconds, connections: CONNECTIONS });
  if (options.warmupSec > 0) {
    for (const e of ready) {
      env.progress(`latency: warming up ${e.name} (${options.warmupSec}s)`);
      await run(e, options.warmupSec).catch((err: Error) => failures.set(e.name, err.message));
    }
  }
  for (let r = 0; r < options.rounds; r++) {
    const live = ready.filter((e) => !failures.has(e.name));
    for (let i = 0; i < live.length; i++) {
      const e = live[(i + r) % live.length];
      env.progress(`latency: round ${r + 1}/${options.rounds}, ${e.name} (${options.durationSec}s at ${options.rate}/s)`);
      try {
        rounds.get(e.name)?.push(await run(e, options.durationSec));
      } catch (err) {
        failures.set(e.name, (err as Error).message);
      }
    }
  }
  return {
    kind: 'latency',
    title: 'latency: what a proxy adds at a moderate fixed rate',
    detail: `GET / → upstream answering "${PROXY_BODY}" · ${options.rate} req/s over up to ${CONNECTIONS} keep-alive connections · ${options.durationSec}s × ${options.rounds} rounds`,
    baseline: 'direct',
    results: entrants.map((e) => {
      switch (e.kind) {
        case 'failed':
        case 'skipped':
          return { name: e.name, outcome: { kind: e.kind, reason: e.reason } };
        case 'ready': {
          const reason = failures.get(e.name);
          if (reason !== undefined) return { name: e.name, outcome: { kind: 'failed', reason } };
          return { name: e.name, outcome: { kind: 'measured', rounds: rounds.get(e.name) ?? [] } };
        }
        default:
          return assertNever(e);
      }
    }),
    goal: { contestant: 'rws', underMs: 1 },
    notes: [
      'latency is measured from when each request was due (no coordinated omission); the client runs pinned to the load CPU',
      'percentiles are medians over rounds; "added" = contestant − direct (the upstream alone on the server CPU)',
    ],
  };
}
