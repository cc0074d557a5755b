/** Shared helpers for the pipeline unit tests: compile a text, and read diagnostics as `code@line:col` strings. */
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.ts';
import { compile, type CompileResult } from '../../../compiler/index.ts';

export const FILE = '/virtual/Rwsfile';

/** Compile an in-memory Rwsfile; `files` are other in-memory files under /virtual (for imports). */
export function compileText(text: string, files: Readonly<Record<string, string>> = {}, env: Readonly<Record<string, string>> = {}): CompileResult {
  return compile({ path: FILE, text, env, readFile: (p) => files[p] ?? null });
}

/** `CODE@line:col` for each diagnostic, positions in the file the diagnostic points into. */
export function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => `${d.code}@${position(result, d)}`);
}

export function messages(result: CompileResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.message}`);
}

function position(result: CompileResult, d: Diagnostic): string {
  const text = result.files.find((f) => f.path === d.span.file)?.text ?? '';
  const before = text.slice(0, d.span.start);
  const line = before.split('\n').length;
  const col = d.span.start - before.lastIndexOf('\n');
  const file = d.span.file === FILE ? '' : `${d.span.file}:`;
  return `${file}${line}:${col}`;
}
