/**
 * Directive tests as small compiles: wrap lines in a site (or the global options block), compile with the real
 * pipeline, and return the plan fragments a directive produced or its diagnostics in a readable form.
 */
import { join } from 'node:path';
import { compile, type CompileResult } from '../../../compiler/index.ts';
import type { GlobalPlan, HandlerPlan, Plan, SitePlan } from '../../../runtime/plan/plan.ts';

/** The tests' Rwsfile lives next to the TLS fixtures, so `tls cert.pem key.pem` finds them. */
export const FIXTURES = join(import.meta.dirname, 'fixtures');
const PATH = join(FIXTURES, 'Rwsfile');

export function compileText(text: string): CompileResult {
  return compile({ path: PATH, text, env: {} });
}

/** A site around `body` (`http://:8080 { ... }`, or `https://localhost:8443` with `tls: true`). */
export function siteText(body: string, options: { tls?: boolean; global?: string } = {}): string {
  const address = options.tls === true ? 'https://localhost:8443' : 'http://:8080';
  const global = options.global === undefined ? '' : `{\n${indent(options.global)}\n}\n`;
  return `${global}${address} {\n${indent(body)}\n}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `\t${l}`))
    .join('\n');
}

/** Each diagnostic as `CODE severity \`source text\` message | hint`. */
export function diagnostics(text: string): string[] {
  const result = compileText(text);
  return result.diagnostics.map((d) => {
    const source = result.files.find((f) => f.path === d.span.file)?.text ?? '';
    const hint = d.hint === undefined ? '' : ` | ${d.hint}`;
    return `${d.code} ${d.severity} \`${source.slice(d.span.start, d.span.end)}\` ${d.message}${hint}`;
  });
}

/** Diagnostics of a site whose body is `body`. */
export function siteDiagnostics(body: string, options: { tls?: boolean; global?: string } = {}): string[] {
  return diagnostics(siteText(body, options));
}

export function planOf(text: string): Plan {
  const result = compileText(text);
  if (result.plan === null) throw new Error(`expected a plan, got:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.plan;
}

export function siteOf(body: string, options: { tls?: boolean; global?: string } = {}): SitePlan {
  return planOf(siteText(body, options)).listeners[0].sites[0];
}

/** The handlers of every top-level route of the site, in route order. */
export function handlersOf(body: string): HandlerPlan[] {
  return siteOf(body).routes.flatMap((r) => r.handlers);
}

/** The single handler `body` produces. */
export function handlerOf(body: string): HandlerPlan {
  const handlers = handlersOf(body);
  if (handlers.length !== 1) throw new Error(`expected one handler, got ${JSON.stringify(handlers)}`);
  return handlers[0];
}

/** The global plan with `options` in the global options block (and one plain site). */
export function globalOf(options: string): GlobalPlan {
  return planOf(siteText('respond "ok"', { global: options })).global;
}

export function globalDiagnostics(options: string): string[] {
  return diagnostics(siteText('respond "ok"', { global: options }));
}
