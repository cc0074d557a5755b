/** The scenarios, as a literal list: what each needs installed, how many contestant-runs it makes. */
import type { BenchEnv } from '../bench-env.ts';
import type { BinaryName } from '../binaries.ts';
import type { ScenarioName } from '../options.ts';
import type { ScenarioReport } from '../results.ts';
import { clusterScenario } from './cluster.ts';
import { compileScenario } from './compile.ts';
import { latencyScenario } from './latency.ts';
import { memoryScenario } from './memory.ts';
import { proxyScenario } from './proxy.ts';
import { routingScenario } from './routing.ts';
import { staticScenario } from './static-files.ts';
import { tlsScenario } from './tls.ts';

export interface Scenario {
  readonly name: ScenarioName;
  readonly summary: string;
  /** Binaries without which the scenario measures nothing useful (wrk) or loses contestants (peers). */
  readonly needs: readonly BinaryName[];
  /** Measured contestant series (tables × contestants), for the time budget. */
  readonly series: number;
  run(env: BenchEnv): Promise<ScenarioReport>;
}

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  compile: {
    name: 'compile',
    summary: 'compile time and plan size of a 10,000-site Rwsfile',
    needs: [],
    series: 0,
    run: compileScenario,
  },
  routing: {
    name: 'routing',
    summary: 'requests/s with 1 site vs 10,000 sites on one listener',
    needs: ['wrk'],
    series: 2,
    run: routingScenario,
  },
  static: {
    name: 'static',
    summary: '1 KiB and 100 KiB files: rws vs nginx vs caddy',
    needs: ['wrk', 'nginx', 'caddy'],
    series: 6,
    run: staticScenario,
  },
  proxy: {
    name: 'proxy',
    summary: 'reverse proxy of small responses: rws vs nginx, caddy, haproxy, Node proxies, direct',
    needs: ['wrk', 'nginx', 'caddy', 'haproxy'],
    series: 8,
    run: proxyScenario,
  },
  latency: {
    name: 'latency',
    summary: 'latency each proxy adds at a moderate fixed rate (p50, p99 vs direct)',
    needs: ['nginx', 'caddy', 'haproxy'],
    series: 8,
    run: latencyScenario,
  },
  memory: {
    name: 'memory',
    summary: 'RSS of each proxy holding 10,000 idle keep-alive connections',
    needs: ['nginx', 'caddy', 'haproxy'],
    series: 7,
    run: memoryScenario,
  },
  cluster: {
    name: 'cluster',
    summary: 'rws throughput with workers auto (all cores) vs one process',
    needs: ['wrk', 'nginx'],
    series: 3,
    run: clusterScenario,
  },
  tls: {
    name: 'tls',
    summary: 'TLS handshakes/s (full, resumed) and HTTPS requests/s over HTTP/1.1 (wrk) and HTTP/2 (h2load): rws vs nginx vs caddy',
    needs: ['openssl', 'wrk', 'h2load', 'nginx', 'caddy'],
    series: 12,
    run: tlsScenario,
  },
};
