/** What the process around the Server (the CLI) gives the admin endpoint: turning Rwsfile text into a plan. */
import type { UpstreamReport } from '../handlers/proxy/upstream-metrics.ts';
import type { Plan } from '../plan/plan.ts';

export interface AdminCompileInput {
  readonly text: string;
  /** Absolute path sent in the `Rws-Path` header, for resolving imports; absent when not sent. */
  readonly path?: string;
}

export interface AdminCompileResult {
  /** null when the text has errors. */
  readonly plan: Plan | null;
  readonly diagnostics: readonly unknown[];
  /** The diagnostics rendered for humans (what `rws reload` prints). */
  readonly rendered: string;
}

export interface AdminHooks {
  compile(input: AdminCompileInput): Promise<AdminCompileResult> | AdminCompileResult;
}

/** What the admin endpoint may do to the Server. */
export interface AdminControl {
  readonly hooks: AdminHooks | null;
  currentPlan(): Plan;
  /** The live upstream pools' state (`GET /upstreams`); a cluster primary collects it from its workers. */
  upstreams?(): readonly UpstreamReport[] | Promise<readonly UpstreamReport[]>;
  apply(plan: Plan): Promise<{ changed: boolean }>;
  /** Graceful shutdown, started after the answer to /stop is sent. */
  stop(): void;
}
