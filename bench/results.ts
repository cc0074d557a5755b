/** What scenarios produce and report.ts prints (and --json writes): plain data. */
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

export type Table = LoadTable | CompileTable;

export interface ScenarioReport {
  readonly scenario: string;
  readonly tables: readonly Table[];
}
