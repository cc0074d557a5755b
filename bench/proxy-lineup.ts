/**
 * The reverse proxies the proxy, latency and memory scenarios compare, in one place: the upstream (nginx
 * answering from memory) and every contestant's server spec, pointed at it.
 */
import type { BenchEnv } from './bench-env.ts';
import { findBinary } from './binaries.ts';
import { caddyProxy } from './peers/caddy.ts';
import { haproxyProxy } from './peers/haproxy.ts';
import { nginxProxy, nginxUpstream } from './peers/nginx.ts';
import { NODE_PROXIES, nodeProxy } from './peers/node-proxies.ts';
import { RWS_GLOBALS, rwsServer, rwsUnavailable } from './peers/rws.ts';
import type { Expectation } from './readiness.ts';
import type { Entrant } from './rounds.ts';
import { type RunningServer, type ServerSpec, startServer } from './server.ts';

export const PROXY_BODY = 'hello';
export const PROXY_EXPECT: Expectation = { status: 200, body: Buffer.from(PROXY_BODY) };
/** Every proxy in the line-up, then `direct` (the client straight at the upstream). */
export const PROXY_CONTESTANTS = ['rws', 'nginx', 'caddy', 'haproxy', ...NODE_PROXIES] as const;

export interface LineupSpec {
  readonly name: string;
  readonly spec: ServerSpec | null;
  /** Why it cannot run here (not installed), or null. */
  readonly missing: string | null;
}

export interface LineupOptions {
  /** Connection limit for the peers that have one (nginx, haproxy); default 4096. */
  readonly maxConnections?: number;
}

/** The upstream every proxy forwards to; null when nginx is not installed. */
export function upstreamSpec(env: BenchEnv): ServerSpec | null {
  return env.binaries.nginx === null ? null : nginxUpstream(env.binaries.nginx, PROXY_BODY);
}

export function proxyLineup(env: BenchEnv, upstreamPort: number, options: LineupOptions = {}): LineupSpec[] {
  const { nginx, caddy, haproxy } = env.binaries;
  const max = options.maxConnections ?? 4096;
  return [
    {
      name: 'rws',
      missing: rwsUnavailable(env),
      spec: rwsServer(env, {
        name: 'rws',
        rwsfile: (port) => `${RWS_GLOBALS}\nhttp://127.0.0.1:${port} {\n\treverse_proxy 127.0.0.1:${upstreamPort}\n}\n`,
        probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
        expect: PROXY_EXPECT,
      }),
    },
    { name: 'nginx', missing: nginx === null ? 'nginx is not installed' : null, spec: nginx === null ? null : nginxProxy(nginx, upstreamPort, PROXY_EXPECT, max) },
    { name: 'caddy', missing: caddy === null ? 'caddy is not installed' : null, spec: caddy === null ? null : caddyProxy(caddy, upstreamPort, PROXY_EXPECT) },
    {
      name: 'haproxy',
      missing: haproxy === null ? 'haproxy is not installed' : null,
      spec: haproxy === null ? null : haproxyProxy(haproxy, upstreamPort, PROXY_EXPECT, max, findBinary('prlimit')),
    },
    ...NODE_PROXIES.map((name) => ({ name, missing: null, spec: nodeProxy(env, name, upstreamPort, PROXY_EXPECT) })),
  ];
}

/** Whether `--contestants` (if given) names this contestant. */
export function wanted(env: BenchEnv, name: string): boolean {
  return env.options.contestants === null || env.options.contestants.includes(name);
}

/**
 * Starts every available contestant that `--contestants` lets through (pushing each onto `started`); those
 * that fail become `failed` entrants.
 */
export async function startLineup(env: BenchEnv, lineup: readonly LineupSpec[], started: RunningServer[], label: string): Promise<Entrant[]> {
  const entrants: Entrant[] = [];
  for (const { name, spec, missing } of lineup) {
    if (!wanted(env, name)) continue;
    if (missing !== null || spec === null) {
      entrants.push({ kind: 'skipped', name, reason: missing ?? 'unavailable' });
      continue;
    }
    env.progress(`${label}: starting ${name}`);
    try {
      const server = await startServer(env, spec);
      started.push(server);
      entrants.push({ kind: 'ready', name, probe: { url: `http://127.0.0.1:${server.port}/`, host: null }, pid: server.child.pid });
    } catch (err) {
      entrants.push({ kind: 'failed', name, reason: (err as Error).message });
    }
  }
  return entrants;
}
