/**
 * The generated reference docs, as (path, text) pairs: written by generate.ts and compared by the drift test.
 *
 * Invariant: paths are relative to the repository root; texts depend only on the code tables and registry.
 */
import { CODES } from '../diagnostics/codes.ts';
import { DIRECTIVES, GLOBAL_OPTIONS } from '../directives/index.ts';
import type { DirectiveSpec } from '../registry/directive.ts';
import { renderDiagnosticsDoc } from './diagnostics-doc.ts';
import { renderDirectivesDoc } from './directives-doc.ts';

export interface GeneratedDoc {
  readonly path: string;
  readonly text: string;
}

export function generatedDocs(): GeneratedDoc[] {
  const directives: readonly DirectiveSpec[] = DIRECTIVES;
  const options: readonly DirectiveSpec[] = GLOBAL_OPTIONS;
  return [
    { path: 'docs/diagnostics.md', text: renderDiagnosticsDoc(CODES, [...directives, ...options]) },
    { path: 'docs/directives.md', text: renderDirectivesDoc(directives, options) },
  ];
}
