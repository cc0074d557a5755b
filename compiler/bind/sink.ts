/**
 * The binder's diagnostics sink (the Reporter bind hooks see). Adds an "imported here" note for every import a
 * reported line came through.
 *
 * Invariant: severity comes from the code table unless `warn` is used; notes for imports are computed only when
 * something is reported.
 */
import { CODES, type DiagnosticCode } from '../diagnostics/codes.ts';
import type { Diagnostic, Note, Severity, Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedLine } from '../expand/expanded.ts';
import type { ReportOptions, Reporter } from '../registry/directive.ts';

export class DiagnosticSink implements Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** The line being bound: diagnostics inside it get notes for the imports it was pasted through. */
  context: ExpandedLine | null = null;

  error(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void {
    this.report(code, CODES[code].severity, message, span, options);
  }

  warn(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void {
    this.report(code, 'warning', message, span, options);
  }

  report(code: DiagnosticCode, severity: Severity, message: string, span: Span, options: ReportOptions = {}, via?: readonly Span[]): void {
    const chain = via ?? (this.context === null ? [] : innermost(this.context, span)?.via ?? this.context.via);
    const notes: Note[] = [...(options.notes ?? []), ...importedHere(chain)];
    this.diagnostics.push({
      code,
      severity,
      message,
      span,
      notes,
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.fix === undefined ? {} : { fix: options.fix }),
    });
  }
}

export function importedHere(via: readonly Span[]): Note[] {
  return via.map((span) => ({ message: 'imported here', span }));
}

/** The innermost line (of `line` and its nested blocks) whose span contains `span`. */
function innermost(line: ExpandedLine, span: Span): ExpandedLine | null {
  // Pasted lines may live in another file, outside their parent's span: always look inside.
  if (line.block !== null) {
    for (const inner of line.block.lines) {
      const found = innermost(inner, span);
      if (found !== null) return found;
    }
  }
  return contains(line.span, span) ? line : null;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.file === inner.file && inner.start >= outer.start && inner.end <= outer.end;
}
