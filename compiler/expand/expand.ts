/**
 * Stage 1 after parsing: paste imports (snippets and files, with arguments), substitute `{$ENV}`, and sort the
 * top level into the global options block and site blocks.
 *
 * Invariant: never throws on user input; the output holds only site and global lines (no `import`, no snippet
 * definitions), each with its real span and the chain of import lines it came through.
 */
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic, Note, Result, Span } from '../diagnostics/diagnostic.ts';
import type { Line } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import { cycleDiagnostic, type ImportStep } from './cycle.ts';
import type { Env } from './env.ts';
import type { ExpandedDocument, ExpandedLine } from './expanded.ts';
import { FileLoader, readFileOrNull, type LoadedFile, type ParseFile, type ReadFile } from './file-loader.ts';
import { isSnippetDefinition, SnippetTable } from './snippets.ts';
import { substituteArgs } from './snippet-args.ts';

export interface ExpandOptions {
  /** Path of the main file (made absolute against the current directory). */
  readonly path: string;
  /** Its text; read with readFile when absent. */
  readonly text?: string;
  readonly env?: Env;
  readonly readFile?: ReadFile;
  readonly parse?: ParseFile;
}

type Level = 'top' | 'block';

interface Frame {
  readonly via: readonly Span[];
  readonly files: readonly ImportStep[];
  readonly snippets: readonly ImportStep[];
}

export function expand(options: ExpandOptions): Result<ExpandedDocument> {
  const diagnostics: Diagnostic[] = [];
  const path = isPseudoPath(options.path) ? options.path : resolve(options.path);
  const loader = new FileLoader(options.readFile ?? readFileOrNull, options.env ?? process.env, diagnostics, options.parse);
  const main = options.text !== undefined ? loader.add(path, options.text) : loader.load(path, null);
  if (main === null) {
    diagnostics.push({
      code: 'RWS2014',
      severity: 'error',
      message: `cannot read \`${options.path}\`: no such file`,
      span: { file: path, start: 0, end: 0 },
      notes: [],
      hint: 'check the path of the Rwsfile',
    });
    return { value: { files: loader.files, global: null, sites: [], snippets: [], env: [] }, diagnostics };
  }
  const expander = new Expander(loader, diagnostics, dirname(path));
  expander.discover(main, new Set([path]));
  const top = expander.lines(main.lines, { via: [], files: [{ name: path, span: null }], snippets: [] }, 'top');
  const { global, sites } = sortTopLevel(top, main, diagnostics);
  return {
    value: { files: loader.files, global, sites, snippets: expander.snippets.info(), env: loader.env },
    diagnostics,
  };
}

class Expander {
  readonly snippets = new SnippetTable();
  readonly #loader: FileLoader;
  readonly #diagnostics: Diagnostic[];
  readonly #root: string;
  readonly #reportedCycles = new Set<string>();

  constructor(loader: FileLoader, diagnostics: Diagnostic[], root: string) {
    this.#loader = loader;
    this.#diagnostics = diagnostics;
    this.#root = root;
  }

  /** Collect snippet definitions from the top level of a file and of the files it imports at the top level. */
  discover(file: LoadedFile, visited: Set<string>): void {
    for (const line of file.lines) {
      if (isSnippetDefinition(line)) this.snippets.define(line, this.#diagnostics);
      const target = importTarget(line);
      if (target === null || this.snippets.get(target.value) !== undefined) continue;
      const resolved = this.#loader.resolve(target.value, dirname(target.span.file));
      if (resolved.kind !== 'files') continue;
      for (const path of resolved.paths) {
        if (visited.has(path)) continue;
        visited.add(path);
        const loaded = this.#loader.load(path, line.span);
        if (loaded !== null) this.discover(loaded, visited);
      }
    }
  }

  /** Expand a list of lines: imports pasted, snippet definitions taken out (top level) or reported (in blocks). */
  lines(lines: readonly Line[], frame: Frame, level: Level): ExpandedLine[] {
    const out: ExpandedLine[] = [];
    for (const line of lines) {
      if (importTarget(line) !== null || isBareImport(line)) {
        out.push(...this.#import(line, frame, level));
      } else if (isSnippetDefinition(line)) {
        if (level === 'top') this.snippets.define(line, this.#diagnostics);
        else this.#report('RWS2007', 'snippets can only be defined at the top level', line.args[0].span, frame, 'move `(name) { ... }` out of this block');
      } else {
        const block = line.block === null ? null : { open: line.block.open, close: line.block.close, lines: this.lines(line.block.lines, frame, 'block') };
        out.push({ args: line.args, block, span: line.span, via: frame.via });
      }
    }
    // slice(): an array grown by push keeps room for 17 items; the expanded tree keeps only what it holds.
    return out.slice();
  }

  #import(line: Line, frame: Frame, level: Level): ExpandedLine[] {
    const target = importTarget(line);
    if (target === null) {
      this.#report('RWS2008', '`import` needs a snippet name or a file path', line.args[0].span, frame, 'e.g. `import common` or `import sites/*.rws`');
      return [];
    }
    const name = target.value;
    const args = line.args.slice(2);
    const via = [line.span, ...frame.via];
    const snippet = this.snippets.get(name);
    if (snippet !== undefined) {
      const from = frame.snippets.findIndex((s) => s.name === name);
      if (from !== -1) {
        this.#cycle('snippet', [...frame.snippets], from, line.span);
        return [];
      }
      snippet.used = true;
      const body = substituteArgs(snippet.line.block!.lines, args, line.span, this.#diagnostics);
      return this.lines(body, { via, files: frame.files, snippets: [...frame.snippets, { name, span: line.span }] }, level);
    }
    const resolved = this.#loader.resolve(name, dirname(target.span.file));
    switch (resolved.kind) {
      case 'missing': {
        const suggestion = didYouMean(name, this.snippets.names());
        // The suggested snippet is almost certainly the one meant: don't also call it unused.
        if (suggestion !== null) this.snippets.get(suggestion)!.used = true;
        this.#report(
          'RWS2003',
          `unknown import \`${name}\`: no snippet of that name and no file \`${this.#display(resolved.path)}\``,
          target.span,
          frame,
          suggestion !== null ? `did you mean the snippet \`${suggestion}\`?` : 'define the snippet with `(name) { ... }` at the top level, or check the file path',
          suggestion === null ? undefined : { message: `replace with \`${suggestion}\``, edits: [{ span: target.span, newText: suggestion }] },
        );
        return [];
      }
      case 'bad-pattern':
        this.#report('RWS2003', `\`import ${name}\` is not a usable file pattern`, target.span, frame, 'globs may use `*`, `**`, `?`, `[...]` and `{a,b}`; check the brackets');
        return [];
      case 'no-match':
        this.#report('RWS2012', `\`import ${name}\` matched no files`, target.span, frame, 'check the pattern; it is relative to the importing file');
        return [];
      case 'files': {
        const out: ExpandedLine[] = [];
        for (const path of resolved.paths) {
          const from = frame.files.findIndex((f) => f.name === path);
          if (from !== -1) {
            this.#cycle('file', frame.files.map((f) => ({ name: this.#display(f.name), span: f.span })), from, line.span);
            continue;
          }
          const loaded = this.#loader.load(path, line.span);
          if (loaded === null) continue;
          const body = substituteArgs(loaded.lines, args, line.span, this.#diagnostics, isSnippetDefinition);
          out.push(...this.lines(body, { via, files: [...frame.files, { name: path, span: line.span }], snippets: frame.snippets }, level));
        }
        return out;
      }
    }
  }

  #cycle(kind: 'snippet' | 'file', stack: ImportStep[], from: number, at: Span): void {
    const key = `${at.file}:${at.start}`;
    if (this.#reportedCycles.has(key)) return;
    this.#reportedCycles.add(key);
    this.#diagnostics.push(cycleDiagnostic(kind, stack, from, at));
  }

  #report(code: 'RWS2003' | 'RWS2007' | 'RWS2008' | 'RWS2012', message: string, span: Span, frame: Frame, hint: string, fix?: Diagnostic['fix']): void {
    const notes: Note[] = frame.via.map((s) => ({ message: 'imported here', span: s }));
    const severity = code === 'RWS2012' ? 'warning' : 'error';
    this.#diagnostics.push({ code, severity, message, span, notes, hint, ...(fix === undefined ? {} : { fix }) });
  }

  #display(path: string): string {
    return relative(this.#root, path) || path;
  }
}

/** `<stdin>`, `<admin>`: text that did not come from a file; kept as is (relative imports resolve against the working directory). */
export function isPseudoPath(path: string): boolean {
  return path.startsWith('<') && path.endsWith('>');
}

/** The target word of an `import` line (`import <target> [args...]`), or null when the line is not a complete import. */
function importTarget(line: Line): Line['args'][number] | null {
  const first = line.args[0];
  if (first === undefined || first.kind !== 'word' || first.value !== 'import' || line.block !== null) return null;
  return line.args[1] ?? null;
}

function isBareImport(line: Line): boolean {
  return line.args.length === 1 && line.args[0].kind === 'word' && line.args[0].value === 'import' && line.block === null;
}

/** Top level: the global options block (first line of the main file only), site blocks, and anything else reported. */
function sortTopLevel(lines: readonly ExpandedLine[], main: LoadedFile, diagnostics: Diagnostic[]): { global: ExpandedLine | null; sites: ExpandedLine[] } {
  let global: ExpandedLine | null = null;
  const sites: ExpandedLine[] = [];
  const first = main.lines[0];
  const notesOf = (line: ExpandedLine): Note[] => line.via.map((span) => ({ message: 'imported here', span }));
  for (const line of lines) {
    if (line.block === null) {
      diagnostics.push({
        code: 'RWS2002',
        severity: 'error',
        message: `unexpected \`${line.args[0].value}\` at the top level: it is not inside a site block`,
        span: line.args[0].span,
        notes: notesOf(line),
        hint: 'site blocks need braces: `example.com { ... }`',
      });
    } else if (line.args.length === 0) {
      if (global === null && sites.length === 0 && line.via.length === 0 && first !== undefined && line.span.start === first.span.start && line.span.file === main.file.path) {
        global = line;
      } else {
        diagnostics.push({
          code: 'RWS2001',
          severity: 'error',
          message: 'a block without an address must be the first thing in the file (the global options block)',
          span: line.block.open,
          notes: notesOf(line),
          hint: 'move the global options to the top of the file, or add the site address before `{`',
        });
      }
    } else {
      sites.push(line);
    }
  }
  return { global, sites };
}
