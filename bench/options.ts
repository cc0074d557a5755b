/**
 * Command-line options of the benchmark harness. Parsing never throws: it returns the options or a message
 * for the user, so run.ts can print usage and exit 2.
 */
import { parseArgs } from 'node:util';

export const SCENARIO_NAMES = ['compile', 'routing', 'static', 'proxy', 'latency', 'memory', 'cluster', 'tls'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  readonly only: readonly ScenarioName[];
  /** Length of one measured wrk run, in whole seconds (wrk's resolution). */
  readonly durationSec: number;
  /** Unmeasured wrk run per contestant before the rounds (JIT, caches, connection pools); 0 = none. */
  readonly warmupSec: number;
  readonly rounds: number;
  readonly connections: number;
  readonly threads: number;
  /** Number of sites in the generated Rwsfile of `compile` and `routing`. */
  readonly sites: number;
  /** Compile runs whose median is reported. */
  readonly compileRuns: number;
  /** Contestants to run in the proxy, latency and memory scenarios (null = all). */
  readonly contestants: readonly string[] | null;
  /** Requests per second of the latency scenario's fixed-rate client. */
  readonly rate: number;
  /** Idle keep-alive connections the memory scenario opens. */
  readonly idleConnections: number;
  readonly json: string | null;
  readonly help: boolean;
}

export const USAGE = `usage: node bench/run.ts [options]      (or: npm run bench -- [options])

  --only LIST         scenarios to run, comma-separated: ${SCENARIO_NAMES.join(',')} (default: all)
  --duration TIME     length of one measured run: 10s, 1m, 2500ms rounds up to 3s (default 10s)
  --warmup TIME       unmeasured run per contestant before the rounds (default 2s; 0 = none)
  --rounds N          measured runs per contestant, alternating contestants (default 3)
  --connections N     wrk connections (default 50)
  --threads N         wrk threads (default 1: wrk has one core to itself when pinned)
  --sites N           sites in the generated Rwsfile for compile and routing (default 10000)
  --compile-runs N    compile runs whose median is reported (default 5)
  --contestants LIST  proxy, latency, memory: only these (e.g. rws,undici-pool,direct; default all)
  --rate N            latency: fixed request rate per second (default 1000)
  --idle-connections N  memory: idle keep-alive connections to open (default 10000; raise ulimit -n past 2×N)
  --json FILE         also write every round's raw figures as JSON
  -h, --help          show this help

Peers (nginx, caddy, haproxy) and wrk must be installed: bench/install.sh installs them from Debian.`;

export type ParsedOptions = { readonly kind: 'ok'; readonly options: BenchOptions } | { readonly kind: 'error'; readonly message: string };

export function parseOptions(argv: readonly string[]): ParsedOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: 'string' },
        duration: { type: 'string', default: '10s' },
        warmup: { type: 'string', default: '2s' },
        rounds: { type: 'string', default: '3' },
        connections: { type: 'string', default: '50' },
        threads: { type: 'string', default: '1' },
        sites: { type: 'string', default: '10000' },
        'compile-runs': { type: 'string', default: '5' },
        contestants: { type: 'string' },
        rate: { type: 'string', default: '1000' },
        'idle-connections': { type: 'string', default: '10000' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const v = parsed.values;
  const only = parseOnly(v.only);
  if (typeof only === 'string') return { kind: 'error', message: only };
  const durationSec = parseSeconds('--duration', v.duration, 1);
  if (typeof durationSec === 'string') return { kind: 'error', message: durationSec };
  const warmupSec = parseSeconds('--warmup', v.warmup, 0);
  if (typeof warmupSec === 'string') return { kind: 'error', message: warmupSec };
  const rounds = parseCount('--rounds', v.rounds, 1, 100);
  const connections = parseCount('--connections', v.connections, 1, 10_000);
  const threads = parseCount('--threads', v.threads, 1, 64);
  const sites = parseCount('--sites', v.sites, 1, 1_000_000);
  const compileRuns = parseCount('--compile-runs', v['compile-runs'], 1, 100);
  const rate = parseCount('--rate', v.rate, 1, 100_000);
  const idleConnections = parseCount('--idle-connections', v['idle-connections'], 1, 60_000);
  for (const n of [rounds, connections, threads, sites, compileRuns, rate, idleConnections]) if (typeof n === 'string') return { kind: 'error', message: n };
  if (typeof connections === 'number' && typeof threads === 'number' && connections < threads) {
    return { kind: 'error', message: `--connections (${connections}) must be at least --threads (${threads})` };
  }
  return {
    kind: 'ok',
    options: {
      only,
      durationSec,
      warmupSec,
      rounds: rounds as number,
      connections: connections as number,
      threads: threads as number,
      sites: sites as number,
      compileRuns: compileRuns as number,
      contestants: v.contestants === undefined ? null : v.contestants.split(',').map((c) => c.trim()).filter((c) => c !== ''),
      rate: rate as number,
      idleConnections: idleConnections as number,
      json: v.json ?? null,
      help: v.help === true,
    },
  };
}

function parseOnly(value: string | undefined): readonly ScenarioName[] | string {
  if (value === undefined) return SCENARIO_NAMES;
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) return `--only needs at least one scenario (${SCENARIO_NAMES.join(', ')})`;
  for (const name of names) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) return `--only: unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`;
  }
  // Always run in the canonical order, each once.
  return SCENARIO_NAMES.filter((s) => names.includes(s));
}

/** "10s", "1m", "1m30s", "2500ms", "10" (seconds) → whole seconds, rounded up. */
export function parseSeconds(flag: string, value: string, min: number): number | string {
  const text = value.trim();
  if (/^\d+$/.test(text)) return check(Number(text));
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let ms = 0;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const unit = m[2];
    ms += Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) return `${flag}: "${value}" is not a duration (examples: 10s, 1m, 1m30s, 2500ms)`;
  return check(Math.ceil(ms / 1000));

  function check(sec: number): number | string {
    if (sec < min) return `${flag}: must be at least ${min}s`;
    if (sec > 3600) return `${flag}: at most 1h`;
    return sec;
  }
}

function parseCount(flag: string, value: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(value.trim())) return `${flag}: "${value}" is not a whole number`;
  const n = Number(value);
  if (n < min || n > max) return `${flag}: must be between ${min} and ${max}`;
  return n;
}
