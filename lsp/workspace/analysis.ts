/**
 * What the server knows about one root Rwsfile (a file compiled as `rws validate` would), at one workspace
 * generation: the compile result (diagnostics, expanded document, bound config, plan) and the syntax trees
 * of every file it read.
 *
 * Invariant: built by the real compiler (`compile`), never by a second parser; immutable once built.
 */
import type { CompileResult } from '../../compiler/index.ts';
import type { Plan } from '../../runtime/plan/plan.ts';
import type { Document, SourceFile } from '../../compiler/syntax/ast.ts';

export interface Analysis {
  /** Path of the file compiled as the main Rwsfile. */
  readonly root: string;
  /** The workspace generation it was built at. */
  readonly generation: number;
  /** Compiled up to the checks: every diagnostic, the expanded document and bound config; `result.plan` is null. */
  readonly result: CompileResult;
  /** The frozen plan of the same inputs (compiled in full on first use); null when the file has errors. */
  plan(): Plan | null;
  /** The syntax tree of a file this compile read (null for files it did not read). */
  tree(path: string): Document | null;
  /** The text of a file this compile read. */
  file(path: string): SourceFile | null;
}
