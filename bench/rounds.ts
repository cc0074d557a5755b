/**
 * Measuring a set of running contestants with wrk: check each answers correctly, warm each up, then N rounds
 * in which every contestant runs once, the starting contestant rotating so no one always goes first (or
 * always follows the same neighbour).
 */
import { assertNever } from './assert-never.ts';
import { treeCpuSeconds } from './cpu-time.ts';
import type { BenchEnv } from './bench-env.ts';
import { type Expectation, type Probe, checkAnswer, get } from './readiness.ts';
import type { ContestantResult, Goal, LoadTable } from './results.ts';
import { type WrkResult, runWrk } from './wrk.ts';

export type Entrant =
  /** `pid`: the process whose CPU time (with its children's) each run is charged; none = not measured. */
  | { readonly kind: 'ready'; readonly name: string; readonly probe: Probe; readonly pid?: number }
  | { readonly kind: 'failed'; readonly name: string; readonly reason: string }
  | { readonly kind: 'skipped'; readonly name: string; readonly reason: string };

export interface LoadRun {
  readonly title: string;
  /** What is requested, e.g. "GET /1k.bin"; the harness appends connections, duration and rounds. */
  readonly request: string;
  readonly entrants: readonly Entrant[];
  readonly expect: Expectation;
  readonly baselines: readonly string[];
  readonly goals?: readonly Goal[];
  readonly notes?: readonly string[];
  /** Runs one measured (or warm-up) run instead of wrk (h2load, openssl s_time), reporting in wrk's shape. */
  readonly runner?: (probe: Probe, durationSec: number) => Promise<WrkResult>;
  /** Describes the load instead of "N connections, M wrk threads" (a runner that opens one connection at a time). */
  readonly load?: string;
}

export async function measureLoad(env: BenchEnv, run: LoadRun): Promise<LoadTable> {
  const { options } = env;
  const wrk = env.binaries.wrk;
  const failures = new Map<string, string>();
  const rounds = new Map<string, WrkResult[]>();
  const ready: { name: string; probe: Probe; pid?: number }[] = [];

  for (const e of run.entrants) {
    if (e.kind !== 'ready') continue;
    try {
      checkAnswer(e.probe, run.expect, await get(e.probe));
      ready.push(e);
      rounds.set(e.name, []);
    } catch (err) {
      failures.set(e.name, (err as Error).message);
    }
  }

  if (wrk === null && run.runner === undefined) {
    for (const e of ready) failures.set(e.name, 'wrk is not installed');
  } else {
    const runner = run.runner;
    const wrkRun = (e: { name: string; probe: Probe }, durationSec: number): Promise<WrkResult> =>
      runner !== undefined ? runner(e.probe, durationSec) : runWrk(env.children, {
        wrk: wrk!,
        url: e.probe.url,
        host: e.probe.host,
        durationSec,
        connections: options.connections,
        threads: options.threads,
        pinning: env.pinning,
      });
    if (options.warmupSec > 0) {
      for (const e of ready) {
        env.progress(`${run.title}: warming up ${e.name} (${options.warmupSec}s)`);
        try {
          await wrkRun(e, options.warmupSec);
        } catch (err) {
          failures.set(e.name, (err as Error).message);
        }
      }
    }
    for (let r = 0; r < options.rounds; r++) {
      const live = ready.filter((e) => !failures.has(e.name));
      for (let i = 0; i < live.length; i++) {
        const e = live[(i + r) % live.length];
        env.progress(`${run.title}: round ${r + 1}/${options.rounds}, ${e.name} (${options.durationSec}s)`);
        try {
          const cpuBefore = e.pid === undefined ? null : treeCpuSeconds(e.pid);
          const result = await wrkRun(e, options.durationSec);
          const cpuAfter = e.pid === undefined ? null : treeCpuSeconds(e.pid);
          rounds.get(e.name)?.push(cpuBefore === null || cpuAfter === null ? result : { ...result, serverCpuSec: cpuAfter - cpuBefore });
        } catch (err) {
          failures.set(e.name, (err as Error).message);
        }
      }
    }
  }

  const results: ContestantResult[] = run.entrants.map((e) => {
    switch (e.kind) {
      case 'failed':
        return { name: e.name, outcome: { kind: 'failed', reason: e.reason } };
      case 'skipped':
        return { name: e.name, outcome: { kind: 'skipped', reason: e.reason } };
      case 'ready': {
        const reason = failures.get(e.name);
        if (reason !== undefined) return { name: e.name, outcome: { kind: 'failed', reason } };
        return { name: e.name, outcome: { kind: 'measured', rounds: rounds.get(e.name) ?? [] } };
      }
      default:
        return assertNever(e);
    }
  });

  return {
    kind: 'load',
    title: run.title,
    detail: `${run.request} · ${run.load ?? `${options.connections} connections, ${options.threads} wrk thread${options.threads === 1 ? '' : 's'}`} · ${options.durationSec}s × ${options.rounds} round${options.rounds === 1 ? '' : 's'}`,
    baselines: run.baselines,
    results,
    goals: run.goals ?? [],
    notes: run.notes ?? [],
  };
}
