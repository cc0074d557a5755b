/**
 * Runs inside a worker thread of the harness: imports the compiler and times `compile({ path, text })`
 * runs + 1 times (the first is cold). A worker keeps the harness's own event loop free, so Ctrl-C and the
 * time limit still work while a compile runs.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface CompileJob {
  /** file: URL of compiler/index.ts. */
  readonly compilerUrl: string;
  readonly path: string;
  readonly text: string;
  readonly runs: number;
}

export type CompileReply =
  | { readonly kind: 'measured'; readonly timesMs: number[]; readonly planBytes: number; readonly diagnostics: number; readonly errors: string[] }
  | { readonly kind: 'failed'; readonly reason: string };

/** The slice of compiler/index.ts the benchmark relies on (kept structural so the bench builds without it). */
interface CompilerModule {
  compile(input: { path: string; text: string }): {
    readonly plan: unknown;
    readonly diagnostics: readonly { readonly severity: string; readonly message: string; readonly code?: string }[];
  };
}

async function main(job: CompileJob): Promise<CompileReply> {
  let compiler: CompilerModule;
  try {
    compiler = (await import(job.compilerUrl)) as CompilerModule;
  } catch (err) {
    return { kind: 'failed', reason: `cannot load the compiler: ${(err as Error).message}` };
  }
  if (typeof compiler.compile !== 'function') return { kind: 'failed', reason: 'compiler/index.ts exports no compile()' };
  const timesMs: number[] = [];
  let last: ReturnType<CompilerModule['compile']> | null = null;
  for (let i = 0; i <= job.runs; i++) {
    const t0 = performance.now();
    last = compiler.compile({ path: job.path, text: job.text });
    timesMs.push(performance.now() - t0);
  }
  if (last === null) return { kind: 'failed', reason: 'no run' };
  const errors = last.diagnostics.filter((d) => d.severity === 'error');
  if (last.plan === null || last.plan === undefined) {
    return { kind: 'failed', reason: `no plan: ${errors.slice(0, 5).map((d) => `${d.code ?? ''} ${d.message}`).join('; ')}` };
  }
  return {
    kind: 'measured',
    timesMs,
    planBytes: Buffer.byteLength(JSON.stringify(last.plan)),
    diagnostics: last.diagnostics.length,
    errors: errors.slice(0, 5).map((d) => `${d.code ?? ''} ${d.message}`.trim()),
  };
}

if (parentPort !== null) {
  const port = parentPort;
  main(workerData as CompileJob).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => port.postMessage({ kind: 'failed', reason: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies CompileReply),
  );
}
