/**
 * Compiler diagnostics → LSP diagnostics: the same code, severity and message as `rws validate`; notes become
 * related information, the hint a related "help:" line at the diagnostic itself, and the fix travels in
 * `data` for code actions.
 *
 * Needs: the checked state of the file's root.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Location } from 'vscode-languageserver';
import type { Diagnostic, Fix, Severity, Span } from '../../compiler/diagnostics/diagnostic.ts';

export interface DiagnosticData {
  readonly fix?: Fix;
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, locate: (span: Span) => Location | null, uriOf: (path: string) => string): LspDiagnostic {
  // A span in a file that could not be read (RWS2014) is shown at the start of that file.
  const here = locate(d.span) ?? { uri: uriOf(d.span.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const related: DiagnosticRelatedInformation[] = [];
  for (const note of d.notes) {
    const location = note.span === undefined ? here : locate(note.span);
    if (location !== null) related.push({ location, message: note.message });
  }
  if (d.hint !== undefined) related.push({ location: here, message: `help: ${d.hint}` });
  const data: DiagnosticData = d.fix === undefined ? {} : { fix: d.fix };
  return {
    range: here.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'rws',
    message: d.message,
    ...(related.length === 0 ? {} : { relatedInformation: related }),
    data,
  };
}
