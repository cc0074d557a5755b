/**
 * The TLS scenario's load generators besides wrk, reporting in wrk's result shape so tables, ratios and spreads
 * work the same: h2load (HTTP/2 over TLS) and `openssl s_time` (handshakes, full or resumed).
 */
import type { Children } from './children.ts';
import { type Pinning, pinned } from './pinning.ts';
import type { WrkResult } from './wrk.ts';

const OVERRUN_MS = 15_000;
const WARM_UP_SEC = 2;
const NO_LATENCY = { mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, p999: Number.NaN, max: Number.NaN };

export interface H2loadRun {
  readonly h2load: string;
  readonly url: string;
  readonly durationSec: number;
  readonly connections: number;
  /** Concurrent streams per connection. */
  readonly streams: number;
  readonly pinning: Pinning;
}

/** h2load for a duration; requests/s from its summary, latency mean from "time for request" (it prints no percentiles). */
export async function runH2load(children: Children, run: H2loadRun): Promise<WrkResult> {
  // Connections are opened during the warm-up (many TLS handshakes at once); only the time after it is measured.
  const args = ['-c', String(run.connections), '-m', String(run.streams), '-t', '1', '-D', String(run.durationSec), `--warm-up-time=${WARM_UP_SEC}`, run.url];
  const cmd = pinned(run.pinning, 'load', run.h2load, args);
  const child = children.spawn('h2load', cmd.command, cmd.args);
  const timer = setTimeout(() => void child.stop(1000), (run.durationSec + WARM_UP_SEC) * 1000 + OVERRUN_MS);
  await child.exited;
  clearTimeout(timer);
  const report = parseH2load(child.stdout());
  if (report === null) throw new Error(`h2load produced no summary against ${run.url}:\n${child.output().trim()}`);
  return report;
}

export function parseH2load(stdout: string): WrkResult | null {
  const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s, /.exec(stdout);
  const requests = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(stdout);
  const status = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(stdout);
  const perRequest = /time for request:\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)/.exec(stdout);
  if (finished === null || requests === null) return null;
  const durationSec = Number(finished[1]) / (finished[2] === 'ms' ? 1000 : 1);
  const succeeded = Number(requests[3]);
  const toMs = (value: string, unit: string): number => Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
  const badStatus = status === null ? 0 : Number(status[3]) + Number(status[4]);
  return {
    requests: succeeded,
    durationSec,
    requestsPerSec: Number(finished[3]),
    bytes: 0,
    errors: { connect: Number(requests[5]), read: Number(requests[4]), write: 0, status: badStatus, timeout: Number(requests[6]) },
    latencyMs: perRequest === null ? NO_LATENCY : { ...NO_LATENCY, mean: toMs(perRequest[5], perRequest[6]), max: toMs(perRequest[3], perRequest[4]) },
  };
}

export interface STimeRun {
  readonly openssl: string;
  readonly host: string;
  readonly port: number;
  /** `new`: a full handshake per connection; `reuse`: every connection after the first resumes its session. */
  readonly mode: 'new' | 'reuse';
  readonly durationSec: number;
  readonly pinning: Pinning;
}

/**
 * `openssl s_time -www /`: one connection after another (handshake, one `GET /`, close) for the duration. The
 * request makes the client read the server's TLS 1.3 session tickets, without which nothing resumes. Handshakes/s are
 * counted over the wall time of the run (s_time's own "real seconds" are whole seconds); resumed runs must
 * really resume (s_time prints `r` per resumed connection), else the run fails.
 */
export async function runSTime(children: Children, run: STimeRun): Promise<WrkResult> {
  const args = ['s_time', '-connect', `${run.host}:${run.port}`, `-${run.mode}`, '-www', '/', '-time', String(run.durationSec)];
  const cmd = pinned(run.pinning, 'load', run.openssl, args);
  const started = process.hrtime.bigint();
  const child = children.spawn('openssl s_time', cmd.command, cmd.args);
  const timer = setTimeout(() => void child.stop(1000), run.durationSec * 1000 + OVERRUN_MS);
  await child.exited;
  clearTimeout(timer);
  const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
  const out = child.stdout();
  const report = parseSTime(out, run.mode, wallSec);
  if (report === null) throw new Error(`openssl s_time -${run.mode} reported nothing useful against ${run.host}:${run.port}:\n${child.output().trim()}`);
  return report;
}

export function parseSTime(stdout: string, mode: 'new' | 'reuse', wallSec: number): WrkResult | null {
  const counted = /(\d+) connections in [\d.]+s;/.exec(stdout);
  if (counted === null) return null;
  const connections = Number(counted[1]);
  if (connections === 0) return null;
  if (mode === 'reuse') {
    // The reuse section's progress line: one `r` per resumed connection, `*` per full handshake.
    const progress = stdout.match(/^[r*]+$/gm) ?? [];
    const resumed = progress.join('').split('').filter((c) => c === 'r').length;
    if (resumed < connections / 2) return null;
  }
  return {
    requests: connections,
    durationSec: wallSec,
    requestsPerSec: connections / wallSec,
    bytes: 0,
    errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0 },
    latencyMs: { ...NO_LATENCY, mean: (wallSec * 1000) / connections },
  };
}
