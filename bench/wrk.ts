/**
 * Running wrk and reading its figures. wrk-report.lua's `done` hook prints one `WRK_JSON {...}` line; this
 * file runs wrk (pinned to the load CPU) and turns that line into a WrkResult.
 */
import { fileURLToPath } from 'node:url';
import type { Children } from './children.ts';
import { type Pinning, pinned } from './pinning.ts';

const REPORT_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));
const MARKER = 'WRK_JSON ';
/** wrk stops itself after --duration; past this much extra time the harness kills it. */
const OVERRUN_MS = 20_000;

export interface WrkErrors {
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  /** Responses with a status outside 2xx/3xx. */
  readonly status: number;
  readonly timeout: number;
}

export interface WrkResult {
  readonly requests: number;
  readonly durationSec: number;
  readonly requestsPerSec: number;
  readonly bytes: number;
  readonly errors: WrkErrors;
  /** Latency percentiles in milliseconds. */
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly p999: number; readonly max: number };
  /** CPU seconds the server process used during the run (set by rounds.ts when it knows the server's PID). */
  readonly serverCpuSec?: number;
}

export interface WrkRun {
  readonly wrk: string;
  readonly url: string;
  /** Sent as the Host header instead of the URL's authority (routing picks one site of many). */
  readonly host: string | null;
  readonly durationSec: number;
  readonly connections: number;
  readonly threads: number;
  readonly pinning: Pinning;
}

export async function runWrk(children: Children, run: WrkRun): Promise<WrkResult> {
  const args = [
    `--threads=${run.threads}`,
    `--connections=${run.connections}`,
    `--duration=${run.durationSec}s`,
    '--timeout=5s',
    `--script=${REPORT_SCRIPT}`,
  ];
  if (run.host !== null) args.push('--header', `Host: ${run.host}`);
  args.push(run.url);
  const cmd = pinned(run.pinning, 'load', run.wrk, args);
  const child = children.spawn('wrk', cmd.command, cmd.args);
  const timer = setTimeout(() => void child.stop(1000), run.durationSec * 1000 + OVERRUN_MS);
  const exit = await child.exited;
  clearTimeout(timer);
  const report = parseWrkReport(child.stdout());
  if (report === null) {
    const how = exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    throw new Error(`wrk produced no report (${how}) against ${run.url}:\n${child.output().trim()}`);
  }
  return report;
}

interface RawReport {
  requests: number;
  duration_us: number;
  bytes: number;
  errors: WrkErrors;
  latency_us: { min: number; mean: number; stdev: number; max: number; p50: number; p90: number; p99: number; p999: number };
}

/** Finds the hook's JSON line in wrk's stdout; null when there is none (wrk failed before `done`). */
export function parseWrkReport(stdout: string): WrkResult | null {
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  if (line === undefined) return null;
  let raw: RawReport;
  try {
    raw = JSON.parse(line.slice(MARKER.length)) as RawReport;
  } catch {
    return null;
  }
  const durationSec = raw.duration_us / 1e6;
  const ms = (us: number): number => us / 1000;
  return {
    requests: raw.requests,
    durationSec,
    requestsPerSec: durationSec > 0 ? raw.requests / durationSec : 0,
    bytes: raw.bytes,
    errors: raw.errors,
    latencyMs: {
      mean: ms(raw.latency_us.mean),
      p50: ms(raw.latency_us.p50),
      p90: ms(raw.latency_us.p90),
      p99: ms(raw.latency_us.p99),
      p999: ms(raw.latency_us.p999),
      max: ms(raw.latency_us.max),
    },
  };
}

export function errorCount(e: WrkErrors): number {
  return e.connect + e.read + e.write + e.status + e.timeout;
}
