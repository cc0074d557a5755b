/**
 * The document store: open buffers (which win over the disk for imports), the syntax trees, the root
 * Rwsfile each file belongs to, and the analyses (compile results) per root.
 *
 * Document states, as features need them: `tree(path)` is the parsed state (the file's own syntax tree, cheap,
 * always up to date); `analysis(path)` is the checked state (expanded, bound and checked by `compile` of the
 * file's root, cached until the next edit).
 *
 * Invariant: every edit bumps `generation`; an analysis is reused only at the generation it was built at.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { readFileOrNull } from '../../compiler/expand/file-loader.ts';
import type { Document, SourceFile } from '../../compiler/syntax/ast.ts';
import type { Plan } from '../../runtime/plan/plan.ts';
import type { Analysis } from './analysis.ts';
import { ParseCache } from './parse-cache.ts';

export interface OpenDocument {
  readonly path: string;
  readonly text: string;
  readonly version: number;
}

/** How many folders up from an open file to look for the Rwsfile that imports it. */
const ROOT_SEARCH_DEPTH = 4;
const ROOT_NAME = 'Rwsfile';

export class Workspace {
  readonly #open = new Map<string, OpenDocument>();
  readonly #parses = new ParseCache();
  readonly #analyses = new Map<string, Analysis>();
  /** Files that may import others: open files named Rwsfile and the Rwsfiles found above open files. */
  readonly #roots = new Set<string>();
  readonly #env: Readonly<Record<string, string | undefined>>;
  #generation = 0;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
  }

  get generation(): number {
    return this.#generation;
  }

  get env(): Readonly<Record<string, string | undefined>> {
    return this.#env;
  }

  open(path: string, text: string, version: number): void {
    this.#open.set(path, { path, text, version });
    if (basename(path) === ROOT_NAME) this.#roots.add(path);
    const above = findRootAbove(path);
    if (above !== null) this.#roots.add(above);
    this.#generation++;
  }

  change(path: string, text: string, version: number): void {
    this.#open.set(path, { path, text, version });
    this.#generation++;
  }

  close(path: string): void {
    this.#open.delete(path);
    this.#parses.forget(path);
    this.#analyses.delete(path);
    if (!this.#isRootAbove(path)) this.#roots.delete(path);
    this.#generation++;
  }

  /** Files changed on disk (the client's file watcher): every analysis is stale. */
  touch(): void {
    this.#generation++;
  }

  document(path: string): OpenDocument | undefined {
    return this.#open.get(path);
  }

  openDocuments(): Iterable<OpenDocument> {
    return this.#open.values();
  }

  /** Open buffers first, then the disk. */
  readonly readFile = (path: string): string | null => this.#open.get(path)?.text ?? readFileOrNull(path);

  /** Parsed state: the syntax tree of a file (open buffer or disk); null when it cannot be read. */
  tree(path: string): Document | null {
    const text = this.readFile(path);
    return text === null ? null : this.#parses.parse({ path, text }).value;
  }

  /** The root a file is compiled under: the first known Rwsfile that imports it, else the file itself. */
  rootOf(path: string): string {
    for (const root of this.#roots) {
      if (root === path) continue;
      if (this.#analysisOfRoot(root).file(path) !== null) return root;
    }
    return path;
  }

  /** Checked state: the analysis of the root a file belongs to. */
  analysis(path: string): Analysis {
    return this.#analysisOfRoot(this.rootOf(path));
  }

  #analysisOfRoot(root: string): Analysis {
    const cached = this.#analyses.get(root);
    if (cached !== undefined && cached.generation === this.#generation) return cached;
    const generation = this.#generation;
    const text = this.readFile(root);
    const options = { path: root, ...(text === null ? {} : { text }), env: this.#env, readFile: this.readFile, parse: this.#parses.parse };
    const result = compile({ ...options, plan: false });
    let plan: Plan | null | undefined;
    const files = new Map<string, SourceFile>(result.files.map((f) => [f.path, f]));
    const parses = this.#parses;
    const analysis: Analysis = {
      root,
      generation,
      result,
      file: (path) => files.get(path) ?? null,
      plan: () => (plan === undefined ? (plan = compile(options).plan) : plan),
      tree: (path) => {
        const file = files.get(path);
        return file === undefined ? null : parses.parse(file).value;
      },
    };
    this.#analyses.set(root, analysis);
    return analysis;
  }

  #isRootAbove(path: string): boolean {
    for (const doc of this.#open.values()) if (doc.path !== path && findRootAbove(doc.path) === path) return true;
    return false;
  }
}

/** The nearest `Rwsfile` in the file's folder or the folders above it (not the file itself). */
function findRootAbove(path: string): string | null {
  let dir = dirname(path);
  for (let i = 0; i <= ROOT_SEARCH_DEPTH; i++) {
    const candidate = join(dir, ROOT_NAME);
    if (candidate !== path && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
