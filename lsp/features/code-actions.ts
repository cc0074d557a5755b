/**
 * Code actions from diagnostics: each diagnostic's `fix` (did-you-mean replacements, removing an unused
 * matcher or snippet, adding a missing brace) as a quick fix.
 *
 * Needs: the diagnostics the client sends back (their `data` carries the compiler's fix).
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Location, type TextEdit } from 'vscode-languageserver';
import type { Span } from '../../compiler/diagnostics/diagnostic.ts';
import type { DiagnosticData } from './diagnostics.ts';

export function codeActions(diagnostics: readonly LspDiagnostic[], locate: (span: Span) => Location | null): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const fix = (d.data as DiagnosticData | undefined)?.fix;
    if (d.source !== 'rws' || fix === undefined) continue;
    const changes: Record<string, TextEdit[]> = {};
    for (const e of fix.edits) {
      const location = locate(e.span);
      if (location !== null) (changes[location.uri] ??= []).push({ range: location.range, newText: e.newText });
    }
    actions.push({ title: fix.message, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.edits.length > 0, edit: { changes } });
  }
  return actions;
}
