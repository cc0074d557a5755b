/**
 * Import cycles: a snippet or file that imports itself, directly or through others.
 *
 * Invariant: reported once per closing import line, with one note per step of the cycle.
 */
import type { Diagnostic, Note, Span } from '../diagnostics/diagnostic.ts';

/** One entry of the import stack: what was imported, and where (null for the main file). */
export interface ImportStep {
  readonly name: string;
  readonly span: Span | null;
}

/** The diagnostic for `import name` at `at` when `name` is already on `stack` (at index `from`). */
export function cycleDiagnostic(kind: 'snippet' | 'file', stack: readonly ImportStep[], from: number, at: Span): Diagnostic {
  const steps = stack.slice(from);
  const names = [...steps.map((s) => `\`${s.name}\``), `\`${steps[0].name}\``];
  const notes: Note[] = [];
  const first = steps[0].span;
  if (first !== null) notes.push({ message: `\`${steps[0].name}\` is imported here`, span: first });
  for (let i = 1; i < steps.length; i++) {
    notes.push({ message: `\`${steps[i - 1].name}\` imports \`${steps[i].name}\` here`, span: steps[i].span! });
  }
  const last = steps[steps.length - 1].name;
  return {
    code: 'RWS2004',
    severity: 'error',
    message:
      steps.length === 1
        ? `circular import: ${kind} \`${last}\` imports itself`
        : `circular import: ${kind} \`${last}\` imports \`${steps[0].name}\` again (${names.join(' → ')})`,
    span: at,
    notes,
    hint: 'remove one of the imports in the cycle',
  };
}
