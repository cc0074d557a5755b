/**
 * Diagnostics → text for people (rustc/esbuild style, with the source line and carets) and → JSON for tools.
 * This is an edge: it is the only place outside the LSP adapter that turns offsets into line/column.
 *
 * Positions: lines and columns are 1-based; columns count UTF-16 code units (JavaScript string indices)
 * from the start of the line, so a tab is one column and an emoji two. Only the caret drawing expands tabs
 * (to 4 columns) and counts an astral character as one cell, so the carets line up under the source.
 *
 * Invariant: rendering never throws, whatever the spans (clamped) or files (a span whose file was not
 * given is printed without a position or source line).
 */
import type { SourceFile } from '../syntax/ast.ts';
import type { Diagnostic, Severity, Span } from './diagnostic.ts';
import { LineIndex, lineIndexOf } from './line-index.ts';

export interface RenderOptions {
  /** ANSI colors (the caller decides: TTY, NO_COLOR, FORCE_COLOR). */
  readonly color: boolean;
  /** When set, file paths under this folder are printed relative to it (`Rwsfile:3:1`, not `/srv/site/Rwsfile:3:1`). */
  readonly relativeTo?: string;
}

const TAB_WIDTH = 4;

/** Human-readable diagnostics followed by a summary line ("2 errors, 1 warning"); "" when there are none. */
export function renderHuman(diagnostics: readonly Diagnostic[], files: readonly SourceFile[], options: RenderOptions): string {
  if (diagnostics.length === 0) return '';
  const ctx = new RenderContext(files, options);
  const blocks = diagnostics.map((d) => renderOne(d, ctx));
  const summary = summarize(diagnostics);
  if (summary !== '') blocks.push(ctx.paint('bold', summary) + '\n');
  return blocks.join('\n');
}

function renderOne(d: Diagnostic, ctx: RenderContext): string {
  const file = ctx.file(d.span.file);
  const where = file === null ? ctx.path(d.span.file) : ctx.where(d.span);
  const lines = [`${ctx.paint('bold', `${where}:`)} ${ctx.paint(d.severity, `${d.severity}[${d.code}]`)}: ${ctx.paint('bold', d.message)}`];
  const extras: string[] = [];
  if (d.hint !== undefined) extras.push(`help: ${d.hint}`);
  // A fix's message only when there is no hint: the hint already says it in words ("did you mean `x`?").
  if (d.fix !== undefined && d.hint === undefined) extras.push(`help: ${d.fix.message}`);
  for (const note of d.notes) extras.push(`note: ${note.span === undefined ? '' : `${ctx.where(note.span)}: `}${note.message}`);

  if (file === null) {
    for (const extra of extras) lines.push(`  = ${extra}`);
    return lines.join('\n') + '\n';
  }
  const { line, column } = file.position(d.span.start);
  const source = file.lineText(line);
  const gutter = ' '.repeat(String(line).length);
  const bar = (left: string) => ctx.paint('gutter', `${left} |`);
  const startCol = column - 1;
  const end = file.position(Math.max(d.span.end, d.span.start));
  // A span over several lines is underlined on its first line only.
  const endCol = end.line === line ? Math.min(end.column - 1, source.length) : source.length;
  const pad = displayWidth(source.slice(0, startCol));
  const width = Math.max(1, displayWidth(source.slice(startCol, endCol)));
  lines.push(bar(gutter));
  lines.push(`${bar(String(line))} ${expandTabs(source)}`.trimEnd());
  lines.push(`${bar(gutter)} ${' '.repeat(pad)}${ctx.paint(d.severity, '^'.repeat(width))}`);
  for (const extra of extras) {
    const colon = extra.indexOf(':');
    lines.push(`${gutter} ${ctx.paint('gutter', '=')} ${ctx.paint('bold', extra.slice(0, colon + 1))}${extra.slice(colon + 1)}`);
  }
  return lines.join('\n') + '\n';
}

/** "2 errors, 1 warning"; "" when there are neither. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export interface JsonNote {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface JsonEdit {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly newText: string;
}

/**
 * One diagnostic for tools. line/column is where the span starts, endLine/endColumn where it ends
 * (exclusive: the position just after the last character), all 1-based, columns in UTF-16 code units.
 */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly notes: readonly JsonNote[];
  readonly fix?: { readonly message: string; readonly edits: readonly JsonEdit[] };
}

/** Diagnostics as plain JSON-able objects (the CLI prints them with JSON.stringify). */
export function renderJson(diagnostics: readonly Diagnostic[], files: readonly SourceFile[]): JsonDiagnostic[] {
  const ctx = new RenderContext(files, { color: false });
  return diagnostics.map((d): JsonDiagnostic => {
    const range = ctx.range(d.span);
    return {
      file: d.span.file,
      ...range,
      severity: d.severity,
      code: d.code,
      message: d.message,
      hint: d.hint ?? null,
      notes: d.notes.map((n): JsonNote => {
        if (n.span === undefined) return { message: n.message };
        const { line, column } = ctx.range(n.span);
        return { message: n.message, file: n.span.file, line, column };
      }),
      ...(d.fix === undefined
        ? {}
        : { fix: { message: d.fix.message, edits: d.fix.edits.map((e) => ({ file: e.span.file, ...ctx.range(e.span), newText: e.newText })) } }),
    };
  });
}

type Style = Severity | 'bold' | 'gutter';

const ANSI: Record<Style, string> = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;33m',
  info: '\x1b[1;34m',
  hint: '\x1b[1;36m',
  bold: '\x1b[1m',
  gutter: '\x1b[1;34m',
};

class RenderContext {
  readonly #files = new Map<string, SourceFile>();
  readonly #options: RenderOptions;

  constructor(files: readonly SourceFile[], options: RenderOptions) {
    for (const f of files) this.#files.set(f.path, f);
    this.#options = options;
  }

  file(path: string): LineIndex | null {
    const f = this.#files.get(path);
    return f === undefined ? null : lineIndexOf(f);
  }

  /** The path as printed. */
  path(path: string): string {
    const base = this.#options.relativeTo;
    if (base === undefined || base === '') return path;
    const prefix = base.endsWith('/') ? base : `${base}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : path;
  }

  /** "file:line:col", or just "file" when the file's text is unknown. */
  where(span: Span): string {
    const index = this.file(span.file);
    if (index === null) return this.path(span.file);
    const { line, column } = index.position(span.start);
    return `${this.path(span.file)}:${line}:${column}`;
  }

  /** 1-based start and exclusive end; a span in an unknown file is placed at 1:1. */
  range(span: Span): { line: number; column: number; endLine: number; endColumn: number } {
    const index = this.file(span.file) ?? EMPTY;
    const start = index.position(span.start);
    const end = index.position(Math.max(span.start, span.end));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  paint(style: Style, text: string): string {
    return this.#options.color ? `${ANSI[style]}${text}\x1b[0m` : text;
  }
}

const EMPTY = new LineIndex('');

function expandTabs(text: string): string {
  return text.replace(/\t/g, ' '.repeat(TAB_WIDTH));
}

/** Terminal cells taken by text: a tab is TAB_WIDTH, any other code point one. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === '\t' ? TAB_WIDTH : 1;
  return width;
}
