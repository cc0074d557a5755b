/**
 * Commands the client can run: `rws.showPlan` (the compiled plan, as `rws plan` prints it) and
 * `rws.explainRequest` (what a request would hit, as `rws explain` prints it), on the file's root.
 *
 * Needs: the checked state (the plan).
 */
import { absoluteUrl } from '../../cli/commands/explain.ts';
import { renderHuman } from '../../compiler/diagnostics/render.ts';
import { explain } from '../../runtime/explain.ts';
import { renderExplain } from '../../runtime/explain/render.ts';
import type { Analysis } from '../workspace/analysis.ts';

export const COMMANDS = ['rws.showPlan', 'rws.explainRequest'] as const;

export interface ExplainArgs {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly remoteIp?: string;
}

export type CommandResult =
  | { readonly ok: true; readonly text: string; readonly json: unknown }
  | { readonly ok: false; readonly error: string };

export function showPlan(analysis: Analysis): CommandResult {
  const plan = analysis.plan();
  if (plan === null) return failed(analysis, 'the file has errors: no plan');
  return { ok: true, text: JSON.stringify(plan, null, 2) + '\n', json: plan };
}

export function explainRequest(analysis: Analysis, args: ExplainArgs): CommandResult {
  const plan = analysis.plan();
  if (plan === null) return failed(analysis, 'the file has errors: nothing to explain');
  let url: string;
  try {
    url = absoluteUrl(args.url, plan);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(args.headers ?? {})) headers[k.toLowerCase()] = v;
  const explained = explain(plan, { method: args.method ?? 'GET', url, headers, remoteIp: args.remoteIp ?? '127.0.0.1' });
  return { ok: true, text: renderExplain(explained), json: explained };
}

function failed(analysis: Analysis, message: string): CommandResult {
  const { diagnostics, files } = analysis.result;
  return { ok: false, error: `${message}\n${renderHuman(diagnostics, files, { color: false })}` };
}
