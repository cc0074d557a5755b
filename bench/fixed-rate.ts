/** Running the fixed-rate client (load/fixed-rate-client.ts) pinned to the load CPU, and reading its figures. */
import { join } from 'node:path';
import type { BenchEnv } from './bench-env.ts';
import { pinned } from './pinning.ts';

const MARKER = 'FIXED_RATE_JSON ';

/** Latencies in ms, measured from when each request was due. */
export interface FixedRateResult {
  readonly requests: number;
  readonly errors: number;
  readonly achievedRate: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface FixedRateRun {
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
}

export async function runFixedRate(env: BenchEnv, run: FixedRateRun): Promise<FixedRateResult> {
  const script = join(env.repoRoot, 'bench', 'load', 'fixed-rate-client.ts');
  const cmd = pinned(env.pinning, 'load', env.node, [script, run.url, String(run.rate), String(run.seconds), String(run.connections)]);
  const child = env.children.spawn('fixed-rate client', cmd.command, cmd.args, { cwd: env.repoRoot });
  const timer = setTimeout(() => void child.stop(1000), run.seconds * 1000 + 30_000);
  const exit = await child.exited;
  clearTimeout(timer);
  const line = child.stdout().split('\n').find((l) => l.startsWith(MARKER));
  if (line === undefined) {
    throw new Error(`the fixed-rate client produced no report (${exit.signal ?? `exit code ${exit.code}`}) against ${run.url}:\n${child.output().trim()}`);
  }
  return JSON.parse(line.slice(MARKER.length)) as FixedRateResult;
}
