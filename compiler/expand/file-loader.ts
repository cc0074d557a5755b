/**
 * Reading, parsing and env-substituting the files an Rwsfile imports, each once.
 *
 * Invariant: the only place in the compiler pipeline that touches the file system for configuration text;
 * every file read is listed in `files` (in first-read order) and parsed exactly once.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic, Result, Span } from '../diagnostics/diagnostic.ts';
import type { Document, Line, SourceFile } from '../syntax/ast.ts';
import { parse } from '../syntax/parser.ts';
import { substituteEnv, type Env } from './env.ts';
import type { EnvUse } from './expanded.ts';

export type ReadFile = (absPath: string) => string | null;

/** Parse one file (default: the parser); the language server passes a memo so unchanged files are parsed once. */
export type ParseFile = (file: SourceFile) => Result<Document>;

export interface LoadedFile {
  readonly file: SourceFile;
  /** Top-level lines, environment variables substituted. */
  readonly lines: readonly Line[];
}

export type ImportTarget =
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  | { readonly kind: 'no-match'; readonly pattern: string }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'bad-pattern'; readonly pattern: string };

export function readFileOrNull(absPath: string): string | null {
  try {
    return readFileSync(absPath, 'utf8');
  } catch {
    return null;
  }
}

const GLOB_CHARS = /[*?[\]{}]/;

export class FileLoader {
  readonly files: SourceFile[] = [];
  readonly env: EnvUse[] = [];
  readonly #texts = new Map<string, string | null>();
  readonly #parsed = new Map<string, LoadedFile>();
  readonly #readFile: ReadFile;
  readonly #vars: Env;
  readonly #diagnostics: Diagnostic[];
  readonly #parse: ParseFile;

  constructor(readFile: ReadFile, env: Env, diagnostics: Diagnostic[], parseFile: ParseFile = parse) {
    this.#readFile = readFile;
    this.#vars = env;
    this.#diagnostics = diagnostics;
    this.#parse = parseFile;
  }

  /** Register a file whose text is already known (the main file when the caller passes its text). */
  add(path: string, text: string): LoadedFile {
    this.#texts.set(path, text);
    return this.load(path, null)!;
  }

  /** Read and parse a file once; null when it cannot be read. `importedAt` becomes an "imported here" note on its own diagnostics. */
  load(path: string, importedAt: Span | null): LoadedFile | null {
    const done = this.#parsed.get(path);
    if (done !== undefined) return done;
    const text = this.#read(path);
    if (text === null) return null;
    const file: SourceFile = { path, text };
    this.files.push(file);
    const parsed = this.#parse(file);
    const diagnostics: Diagnostic[] = [...parsed.diagnostics];
    const lines = substituteEnv(parsed.value.lines, this.#vars, this.env, diagnostics);
    const notes = importedAt === null ? [] : [{ message: 'imported here', span: importedAt }];
    for (const d of diagnostics) this.#diagnostics.push(notes.length === 0 ? d : { ...d, notes: [...d.notes, ...notes] });
    const loaded: LoadedFile = { file, lines };
    this.#parsed.set(path, loaded);
    return loaded;
  }

  /** What `import target` names on disk, relative to `baseDir`: files (globs sorted), a glob with no match, or a missing file. */
  resolve(target: string, baseDir: string): ImportTarget {
    if (GLOB_CHARS.test(target)) {
      let paths: string[];
      try {
        paths = fg.sync(target, { cwd: baseDir, absolute: true, onlyFiles: true }).map((p) => resolve(p)).sort();
      } catch {
        // The glob library throws on some malformed patterns (unbalanced braces).
        return { kind: 'bad-pattern', pattern: target };
      }
      return paths.length === 0 ? { kind: 'no-match', pattern: target } : { kind: 'files', paths };
    }
    const path = isAbsolute(target) ? target : resolve(baseDir, target);
    return this.#read(path) === null ? { kind: 'missing', path } : { kind: 'files', paths: [path] };
  }

  #read(path: string): string | null {
    let text = this.#texts.get(path);
    if (text === undefined) {
      text = this.#readFile(path);
      this.#texts.set(path, text);
    }
    return text;
  }
}
