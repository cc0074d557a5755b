/**
 * proxy: small responses from one upstream through rws, nginx, caddy, haproxy, node-http-proxy,
 * @fastify/http-proxy and a bare undici Pool proxy, plus "direct" (wrk straight at the upstream). The
 * upstream is nginx answering `return 200 "hello"` from memory, so it is not the bottleneck; it runs on the
 * server CPU next to the proxy under test. Ratios vs nginx and vs direct; rws's targets checked below.
 */
import type { BenchEnv } from '../bench-env.ts';
import { PROXY_BODY, PROXY_CONTESTANTS, PROXY_EXPECT, proxyLineup, startLineup, upstreamSpec, wanted } from '../proxy-lineup.ts';
import type { Goal, ScenarioReport } from '../results.ts';
import { type Entrant, measureLoad } from '../rounds.ts';
import { type RunningServer, startServer } from '../server.ts';

const TITLE = 'proxy: small responses from one upstream';
const REQUEST = `GET / → upstream answering "${PROXY_BODY}"`;
const BASELINES = ['nginx', 'direct'];
/** rws's throughput targets (issue 3): per core, against the peers measured in the same run. */
const GOALS: readonly Goal[] = [
  { contestant: 'rws', baseline: 'caddy', atLeast: 1.5 },
  { contestant: 'rws', baseline: 'node-http-proxy', atLeast: 2 },
  { contestant: 'rws', baseline: 'fastify-http-proxy', atLeast: 2 },
  { contestant: 'rws', baseline: 'undici-pool', atLeast: 1 },
];

export const PROXY_NOTES = [
  'upstream: nginx `return 200 "hello"`, one worker, on the same CPU as the proxy under test',
  'keep-alive to the upstream: nginx `keepalive 128`, haproxy `http-reuse always`, caddy `keepalive_idle_conns_per_host 128`, node-http-proxy a keep-alive Agent (128), undici-pool and fastify-http-proxy undici Pools (128), rws by default',
  'undici-pool: the 20-line "how fast can Node go" reference (bench/peers/node/undici-pool-proxy.ts): no header hygiene, no logging, no metrics',
];

export async function proxyScenario(env: BenchEnv): Promise<ScenarioReport> {
  const upstream = upstreamSpec(env);
  const load = (entrants: Entrant[]) =>
    measureLoad(env, { title: TITLE, request: REQUEST, expect: PROXY_EXPECT, baselines: BASELINES, entrants, goals: GOALS, notes: PROXY_NOTES });
  if (upstream === null) {
    const reason = 'the upstream is nginx, which is not installed';
    return { scenario: 'proxy', tables: [await load([...PROXY_CONTESTANTS, 'direct'].map((name) => ({ kind: 'skipped', name, reason })))] };
  }
  const started: RunningServer[] = [];
  try {
    env.progress('proxy: starting the upstream');
    const up = await startServer(env, upstream);
    started.push(up);
    const entrants = await startLineup(env, proxyLineup(env, up.port), started, 'proxy');
    if (wanted(env, 'direct')) entrants.push({ kind: 'ready', name: 'direct', probe: { url: `http://127.0.0.1:${up.port}/`, host: null }, pid: up.child.pid });
    return { scenario: 'proxy', tables: [await load(entrants)] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}
