/** Finding and compiling the user's Rwsfile, and printing diagnostics: shared by every command. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compile, type CompileResult } from '../compiler/index.ts';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import { renderHuman, renderJson } from '../compiler/diagnostics/render.ts';
import type { SourceFile } from '../compiler/syntax/ast.ts';

export const DEFAULT_FILE = 'Rwsfile';

/** Thrown for user errors the CLI reports in one line and exits 1 (no stack trace). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function resolveConfigPath(file: string | undefined): string {
  const path = resolve(file ?? DEFAULT_FILE);
  if (!existsSync(path)) {
    throw new CliError(
      file === undefined
        ? `no ${DEFAULT_FILE} in ${process.cwd()}: pass a file (\`rws run path/to/Rwsfile\`) or create one`
        : `cannot read ${file}: no such file`,
    );
  }
  return path;
}

export function compileFile(path: string, text?: string): CompileResult {
  return compile(text === undefined ? { path } : { path, text });
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], files: readonly SourceFile[], format: 'human' | 'json', color = false): string {
  return format === 'json' ? JSON.stringify(renderJson(diagnostics, files), null, 2) + '\n' : renderHuman(diagnostics, files, { color, relativeTo: process.cwd() });
}

/** Wraps a command action: CliError → one line on stderr and its exit code; anything else → a bug report. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof CliError) {
        process.stderr.write(`rws: ${err.message}\n`);
        process.exitCode = err.exitCode;
        return;
      }
      process.stderr.write(`rws: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    }
  };
}
