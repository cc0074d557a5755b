/**
 * The Node reverse proxies the proxy scenario measures rws against: node-http-proxy, @fastify/http-proxy and
 * a bare undici Pool proxy (the "how fast can Node go" reference). Each is a small script in peers/node/ run
 * by the same Node as rws, pinned like every server, one process (one core).
 */
import { join } from 'node:path';
import type { BenchEnv } from '../bench-env.ts';
import type { Expectation } from '../readiness.ts';
import type { ServerSpec } from '../server.ts';

export type NodeProxyName = 'undici-pool' | 'node-http-proxy' | 'fastify-http-proxy';

/** Contestant name → script in peers/node/. */
const SCRIPTS: Readonly<Record<NodeProxyName, string>> = {
  'undici-pool': 'undici-pool-proxy.ts',
  'node-http-proxy': 'http-proxy.ts',
  'fastify-http-proxy': 'fastify-proxy.ts',
};

export const NODE_PROXIES: readonly NodeProxyName[] = ['undici-pool', 'node-http-proxy', 'fastify-http-proxy'];

export function nodeProxy(env: BenchEnv, name: NodeProxyName, upstreamPort: number, expect: Expectation): ServerSpec {
  return {
    name,
    startTimeoutMs: 15_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
    prepare: (_dir, port) => ({
      command: env.node,
      args: [join(env.repoRoot, 'bench', 'peers', 'node', SCRIPTS[name]), String(port), String(upstreamPort)],
      cwd: env.repoRoot,
      env: { NODE_ENV: 'production' },
    }),
  };
}
