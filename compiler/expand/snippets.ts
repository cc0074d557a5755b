/**
 * Snippet definitions, `(name) { ... }`: collected from the top level of every file before anything is pasted,
 * so a snippet may be imported before (above) its definition.
 *
 * Invariant: one definition per name; each definition line is registered once however often its file is read.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { Line } from '../syntax/ast.ts';
import type { SnippetInfo } from './expanded.ts';

export interface Snippet {
  readonly name: string;
  readonly line: Line;
  used: boolean;
}

const DEFINITION = /^\((.*)\)$/;
/** A snippet name; also read by the TextMate grammar generator (grammar/). */
export const NAME = /^[^\s(){}]+$/;

/** True for a line that is meant as a snippet definition: its first word is in parentheses. */
export function isSnippetDefinition(line: Line): boolean {
  const first = line.args[0];
  return first !== undefined && first.kind === 'word' && first.value.startsWith('(') && DEFINITION.test(first.value);
}

export class SnippetTable {
  readonly #byName = new Map<string, Snippet>();
  readonly #seen = new Set<Line>();

  get(name: string): Snippet | undefined {
    return this.#byName.get(name);
  }

  names(): Iterable<string> {
    return this.#byName.keys();
  }

  /** Register a definition line (idempotent per line object); reports malformed and duplicate definitions. */
  define(line: Line, diagnostics: Diagnostic[]): void {
    if (this.#seen.has(line)) return;
    this.#seen.add(line);
    const word = line.args[0];
    const name = DEFINITION.exec(word.value)![1];
    const problem = name === ''
      ? 'the snippet name is empty'
      : !NAME.test(name)
      ? `invalid snippet name \`${name}\``
      : line.args.length > 1
        ? `unexpected \`${line.args[1].value}\` after the snippet name`
        : line.block === null
          ? `snippet \`${name}\` has no block`
          : null;
    if (problem !== null) {
      diagnostics.push({
        code: 'RWS2010',
        severity: 'error',
        message: problem,
        span: line.args.length > 1 ? spanOf(line.args.slice(1)) : word.span,
        notes: [],
        hint: 'define a snippet as `(name) { ... }`',
      });
      return;
    }
    const existing = this.#byName.get(name);
    if (existing !== undefined) {
      diagnostics.push({
        code: 'RWS2006',
        severity: 'error',
        message: `snippet \`${name}\` is defined twice`,
        span: word.span,
        notes: [{ message: 'first defined here', span: existing.line.args[0].span }],
        hint: 'rename one of them',
      });
      return;
    }
    this.#byName.set(name, { name, line, used: false });
  }

  info(): SnippetInfo[] {
    return [...this.#byName.values()].map((s) => ({ name: s.name, nameSpan: s.line.args[0].span, span: s.line.span, used: s.used }));
  }
}

function spanOf(args: readonly { readonly span: Span }[]): Span {
  return { file: args[0].span.file, start: args[0].span.start, end: args[args.length - 1].span.end };
}
