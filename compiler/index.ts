/**
 * The compiler: Rwsfile → Plan. Stages, each returning `{ value, diagnostics }`:
 *   parse (syntax/) → expand (imports, snippets, env) → bind (registry, matchers, placeholders, addresses)
 *   → check (semantic checks) → optimize (listeners, host tables, matcher pruning) → emit (hash, freeze).
 *
 * Invariant: compile() never throws; a stage that crashes becomes an RWS9003 diagnostic. The plan is null
 * whenever any diagnostic is an error.
 */
import type { Plan } from '../runtime/plan/plan.ts';
import { bind } from './bind/bind.ts';
import { check } from './check/check.ts';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.ts';
import { emit } from './emit/emit.ts';
import type { Env } from './expand/env.ts';
import { expand } from './expand/expand.ts';
import type { ParseFile, ReadFile } from './expand/file-loader.ts';
import { optimize } from './optimize/optimize.ts';
import type { SourceFile } from './syntax/ast.ts';
import type { ExpandedDocument } from './expand/expanded.ts';
import type { BoundConfig } from './bind/bound.ts';

export interface CompileOptions {
  /** Path of the main Rwsfile (absolute or relative to cwd). */
  path: string;
  /** Text of the main file; when absent it is read from disk. */
  text?: string;
  /** Environment for {$VAR}; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Read a file (imports); default fs.readFileSync; return null if missing. Lets the LSP use open buffers. */
  readFile?: (absPath: string) => string | null;
  /** Parse a file (default: the parser). Lets the LSP reuse the syntax trees of files that did not change. */
  parse?: ParseFile;
  /**
   * false: stop after the checks (plan null). The diagnostics are the same (optimize and emit report none);
   * the language server uses it to answer keystrokes without hashing a plan nobody asked for. Default true.
   */
  plan?: boolean;
}

export interface CompileResult {
  /** null when any error. */
  plan: Plan | null;
  /** Every problem, sorted by file then offset. */
  diagnostics: Diagnostic[];
  /** Every file read, for rendering diagnostics. */
  files: SourceFile[];
  /** The expanded document (imports pasted), for tools that map positions to meaning (the LSP); null if expand crashed. */
  expanded: ExpandedDocument | null;
  /** The bound configuration (named matchers, route origins); null if a stage before it crashed. */
  bound: BoundConfig | null;
}

export function compile(options: CompileOptions): CompileResult {
  const diagnostics: Diagnostic[] = [];
  let files: readonly SourceFile[] = [];
  let plan: Plan | null = null;
  let expandedDocument: ExpandedDocument | null = null;
  let boundConfig: BoundConfig | null = null;
  try {
    const expanded = expand({
      path: options.path,
      ...(options.text === undefined ? {} : { text: options.text }),
      ...(options.env === undefined ? {} : { env: options.env as Env }),
      ...(options.readFile === undefined ? {} : { readFile: options.readFile as ReadFile }),
      ...(options.parse === undefined ? {} : { parse: options.parse }),
    });
    files = expanded.value.files;
    expandedDocument = expanded.value;
    diagnostics.push(...expanded.diagnostics);
    const bound = bind(expanded.value);
    diagnostics.push(...bound.diagnostics);
    boundConfig = bound.value;
    const checked = check(bound.value);
    diagnostics.push(...checked.diagnostics);
    if (options.plan !== false && !hasErrors(diagnostics)) {
      const optimized = optimize(checked.value);
      diagnostics.push(...optimized.diagnostics);
      const emitted = emit(optimized.value);
      diagnostics.push(...emitted.diagnostics);
      plan = emitted.value;
    }
  } catch (e) {
    diagnostics.push({
      code: 'RWS9003',
      severity: 'error',
      message: `internal compiler error: ${e instanceof Error ? e.message : String(e)}`,
      span: { file: files[0]?.path ?? options.path, start: 0, end: 0 },
      notes: [],
      hint: 'this is a bug in rws; please report it with the Rwsfile that triggers it',
    });
    plan = null;
  }
  if (hasErrors(diagnostics)) plan = null;
  return { plan, diagnostics: sortDiagnostics(diagnostics, files), files: [...files], expanded: expandedDocument, bound: boundConfig };
}

/** By file (in the order the files were read), then by offset; stable otherwise. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly SourceFile[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f.path, i]));
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (order.get(a.d.span.file) ?? files.length) - (order.get(b.d.span.file) ?? files.length) || a.d.span.start - b.d.span.start || a.i - b.i)
    .map((x) => x.d);
}

export { parse } from './syntax/parser.ts';
export { expand } from './expand/expand.ts';
export { bind } from './bind/bind.ts';
export { check } from './check/check.ts';
export { optimize } from './optimize/optimize.ts';
export { emit, canonicalJson, hashPlan, deepFreeze } from './emit/index.ts';
export type { ExpandedDocument, ExpandedLine, EnvUse, SnippetInfo } from './expand/expanded.ts';
export type { BoundConfig, BoundSite } from './bind/bound.ts';
export type { OptimizedConfig } from './optimize/optimized.ts';
