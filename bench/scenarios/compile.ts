/**
 * compile: how long the compiler takes on an Rwsfile of 10,000 sites (each `header` + `respond` or
 * `reverse_proxy`), and how large the plan is as JSON. Target: under 1 s (median of the warm runs).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BenchEnv } from '../bench-env.ts';
import type { CompileTable, ScenarioReport } from '../results.ts';
import { manySitesRwsfile } from '../rwsfile-gen.ts';
import type { CompileJob, CompileReply } from './compile-worker.ts';

const TARGET_MS = 1000;
/** A compile that takes longer than this is stopped: something is badly wrong. */
const LIMIT_MS = 300_000;

export async function compileScenario(env: BenchEnv): Promise<ScenarioReport> {
  const sites = env.options.sites;
  const text = manySitesRwsfile({ count: sites, port: 8080, upstreamPort: 9000 });
  const path = join(env.tmpDir, 'compile.Rwsfile');
  writeFileSync(path, text);
  const base = { kind: 'compile', title: `compile: ${sites.toLocaleString('en-US')} sites`, sites, sourceBytes: Buffer.byteLength(text), targetMs: TARGET_MS } as const;
  const compilerFile = join(env.repoRoot, 'compiler', 'index.ts');
  if (!existsSync(compilerFile)) {
    return { scenario: 'compile', tables: [{ ...base, outcome: { kind: 'skipped', reason: 'compiler/index.ts does not exist yet' } }] };
  }
  env.progress(`compile: ${sites} sites, 1 cold + ${env.options.compileRuns} runs`);
  const job: CompileJob = { compilerUrl: pathToFileURL(compilerFile).href, path, text, runs: env.options.compileRuns };
  const reply = await runWorker(job);
  const table: CompileTable = { ...base, outcome: reply };
  return { scenario: 'compile', tables: [table] };
}

function runWorker(job: CompileJob): Promise<CompileReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./compile-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    const finish = (reply: CompileReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', reason: `no answer within ${LIMIT_MS / 1000} s` }), LIMIT_MS);
    worker.once('message', (reply: CompileReply) => finish(reply));
    worker.once('error', (err) => finish({ kind: 'failed', reason: err.stack ?? err.message }));
    worker.once('exit', (code) => finish({ kind: 'failed', reason: `the compile worker exited (code ${code})` }));
  });
}
