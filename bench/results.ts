/** What scenarios produce and report.ts prints (and --json writes): plain data. */
import type { FixedRateResult } from './fixed-rate.ts';
import type { WrkResult } from './wrk.ts';

export type Outcome =
  /** rounds[i] is the i-th round's figures. */
  | { readonly kind: 'measured'; readonly rounds: readonly WrkResult[] }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface ContestantResult {
  readonly name: string;
  readonly outcome: Outcome;
}

/** A throughput target the report checks, e.g. routing: 10,000 sites ≥ 0.95 × 1 site. */
export interface Goal {
  readonly contestant: string;
  readonly baseline: string;
  readonly atLeast: number;
}

export interface LoadTable {
  readonly kind: 'load';
  readonly title: string;
  /** "GET /1k.bin · 50 connections · 10 s × 3 rounds". */
  readonly detail: string;
  /** Contestant names to show a ratio column against, in order. */
  readonly baselines: readonly string[];
  readonly results: readonly ContestantResult[];
  /** Targets checked under the table (empty: none). */
  readonly goals: readonly Goal[];
  readonly notes: readonly string[];
}

export interface CompileTable {
  readonly kind: 'compile';
  readonly title: string;
  readonly sites: number;
  readonly sourceBytes: number;
  readonly outcome:
    | {
        readonly kind: 'measured';
        /** Every run's wall time in ms, the first one cold (fresh JIT). */
        readonly timesMs: readonly number[];
        readonly planBytes: number;
        readonly diagnostics: number;
        readonly errors: readonly string[];
      }
    | { readonly kind: 'failed'; readonly reason: string }
    | { readonly kind: 'skipped'; readonly reason: string };
  readonly targetMs: number;
}

/** Fixed-rate latency (scenarios/latency.ts): per contestant, every round's figures. */
export interface LatencyTable {
  readonly kind: 'latency';
  readonly title: string;
  readonly detail: string;
  /** The contestant whose latency the others' is compared to ("added" latency): `direct`. */
  readonly baseline: string;
  readonly results: readonly { readonly name: string; readonly outcome: Measured<FixedRateResult> }[];
  /** Target: this contestant's p99 minus the baseline's stays under `underMs`. */
  readonly goal: { readonly contestant: string; readonly underMs: number } | null;
  readonly notes: readonly string[];
}

/** Memory held by idle keep-alive connections (scenarios/memory.ts). */
export interface MemoryTable {
  readonly kind: 'memory';
  readonly title: string;
  readonly detail: string;
  readonly results: readonly { readonly name: string; readonly outcome: Measured<MemoryFigures> }[];
  readonly notes: readonly string[];
}

export interface MemoryFigures {
  /** RSS after one warm-up request, before the connections (KiB). */
  readonly beforeKiB: number;
  /** RSS with the connections open and idle (KiB). */
  readonly withKiB: number;
  /** Connections that completed their request and stayed open. */
  readonly connections: number;
}

/** One round's figures per round, or why there are none. */
export type Measured<T> =
  | { readonly kind: 'measured'; readonly rounds: readonly T[] }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export type Table = LoadTable | CompileTable | LatencyTable | MemoryTable;

export interface ScenarioReport {
  readonly scenario: string;
  readonly tables: readonly Table[];
}
