/**
 * proxy: small responses from one upstream through rws, nginx, caddy, haproxy, node-http-proxy,
 * @fastify/http-proxy and a bare undici Pool proxy, plus "direct" (wrk straight at the upstream). The
 * upstream is nginx answering `return 200 "hello"` from memory, so it is not the bottleneck; it runs on the
 * server CPU next to the proxy under test. Ratios vs nginx and vs direct; rws's targets checked below.
 */
import type { BenchEnv } from '../bench-env.ts';
import { caddyProxy } from '../peers/caddy.ts';
import { haproxyProxy } from '../peers/haproxy.ts';
import { nginxProxy, nginxUpstream } from '../peers/nginx.ts';
import { NODE_PROXIES, nodeProxy } from '../peers/node-proxies.ts';
import { RWS_GLOBALS, rwsServer, rwsUnavailable } from '../peers/rws.ts';
import type { Expectation } from '../readiness.ts';
import type { Goal, ScenarioReport } from '../results.ts';
import { type Entrant, measureLoad } from '../rounds.ts';
import { type RunningServer, type ServerSpec, startServer } from '../server.ts';

const BODY = 'hello';
const EXPECT: Expectation = { status: 200, body: Buffer.from(BODY) };
const TITLE = 'proxy: small responses from one upstream';
const REQUEST = `GET / → upstream answering "${BODY}"`;
const BASELINES = ['nginx', 'direct'];
/** rws's throughput targets (issue 3): per core, against the peers measured in the same run. */
const GOALS: readonly Goal[] = [
  { contestant: 'rws', baseline: 'caddy', atLeast: 1.5 },
  { contestant: 'rws', baseline: 'node-http-proxy', atLeast: 2 },
  { contestant: 'rws', baseline: 'fastify-http-proxy', atLeast: 2 },
  { contestant: 'rws', baseline: 'undici-pool', atLeast: 1 },
];

export async function proxyScenario(env: BenchEnv): Promise<ScenarioReport> {
  const nginx = env.binaries.nginx;
  const contestants = ['rws', 'nginx', 'caddy', 'haproxy', ...NODE_PROXIES, 'direct'];
  if (nginx === null) {
    const entrants: Entrant[] = contestants.map((name) => ({ kind: 'skipped', name, reason: 'the upstream is nginx, which is not installed' }));
    return { scenario: 'proxy', tables: [await measureLoad(env, { title: TITLE, request: REQUEST, expect: EXPECT, baselines: BASELINES, entrants })] };
  }

  const started: RunningServer[] = [];
  try {
    env.progress('proxy: starting the upstream');
    const upstream = await startServer(env, nginxUpstream(nginx, BODY));
    started.push(upstream);
    const up = upstream.port;
    const specs: { name: string; spec: ServerSpec | null; missing: string | null }[] = [
      {
        name: 'rws',
        missing: rwsUnavailable(env),
        spec: rwsServer(env, {
          name: 'rws',
          rwsfile: (port) => `${RWS_GLOBALS}\nhttp://127.0.0.1:${port} {\n\treverse_proxy 127.0.0.1:${up}\n}\n`,
          probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
          expect: EXPECT,
        }),
      },
      { name: 'nginx', missing: null, spec: nginxProxy(nginx, up, EXPECT) },
      {
        name: 'caddy',
        missing: env.binaries.caddy === null ? 'caddy is not installed' : null,
        spec: env.binaries.caddy === null ? null : caddyProxy(env.binaries.caddy, up, EXPECT),
      },
      {
        name: 'haproxy',
        missing: env.binaries.haproxy === null ? 'haproxy is not installed' : null,
        spec: env.binaries.haproxy === null ? null : haproxyProxy(env.binaries.haproxy, up, EXPECT),
      },
      ...NODE_PROXIES.map((name) => ({ name, missing: null, spec: nodeProxy(env, name, up, EXPECT) })),
    ];
    const entrants: Entrant[] = [];
    for (const { name, spec, missing } of specs) {
      if (missing !== null || spec === null) {
        entrants.push({ kind: 'skipped', name, reason: missing ?? 'unavailable' });
        continue;
      }
      env.progress(`proxy: starting ${name}`);
      try {
        const server = await startServer(env, spec);
        started.push(server);
        entrants.push({ kind: 'ready', name, probe: { url: `http://127.0.0.1:${server.port}/`, host: null } });
      } catch (err) {
        entrants.push({ kind: 'failed', name, reason: (err as Error).message });
      }
    }
    entrants.push({ kind: 'ready', name: 'direct', probe: { url: `http://127.0.0.1:${up}/`, host: null } });
    const table = await measureLoad(env, {
      title: TITLE,
      request: REQUEST,
      expect: EXPECT,
      baselines: BASELINES,
      entrants,
      goals: GOALS,
      notes: [
        'upstream: nginx `return 200 "hello"`, one worker, on the same CPU as the proxy under test',
        'keep-alive to the upstream: nginx `keepalive 128`, haproxy `http-reuse always`, caddy `keepalive_idle_conns_per_host 128`, node-http-proxy a keep-alive Agent (128), undici-pool and fastify-http-proxy undici Pools (128), rws by default',
        'undici-pool: the 20-line "how fast can Node go" reference (bench/peers/node/undici-pool-proxy.ts): no header hygiene, no logging, no metrics',
      ],
    });
    return { scenario: 'proxy', tables: [table] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}
