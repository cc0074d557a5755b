/** Helpers for the proxy tests: an Rwsfile compiled in process and served by a real in-process Server. */
import { expect } from 'vitest';
import { compile } from '../../compiler/index.ts';
import type { Plan } from '../../runtime/plan/plan.ts';
import { deferCleanup } from '../runtime/handlers/fixtures/cleanups.ts';
import { startRws, type RunningRws } from '../runtime/handlers/fixtures/rws.ts';

/** Compiles Rwsfile text (fails the test on any diagnostic). */
export function compileRwsfile(text: string): Plan {
  const result = compile({ path: '/virtual/Rwsfile', text, env: {} });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result.plan!;
}

/** Serves an Rwsfile (its site addresses should be `http://127.0.0.1:0`); stopped after the test. */
export async function serveRwsfile(text: string): Promise<RunningRws> {
  const rws = await startRws(compileRwsfile(text));
  deferCleanup(() => rws.close());
  return rws;
}

/** `host:port` of a test upstream URL, as written after `reverse_proxy`. */
export function hostPort(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
