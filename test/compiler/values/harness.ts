/** Test harness for value parsers: a word argument at a known offset and a reporter that records what it hears. */
import type { DiagnosticCode } from '../../../compiler/diagnostics/codes.ts';
import type { Span } from '../../../compiler/diagnostics/diagnostic.ts';
import type { ReportOptions, Reporter } from '../../../compiler/registry/directive.ts';
import type { Arg, ArgKind } from '../../../compiler/syntax/ast.ts';

/** Every test argument starts at this offset, so sub-spans are visibly relative to it. */
export const AT = 10;

export function arg(value: string, kind: ArgKind = 'word'): Arg {
  const raw = kind === 'quoted' ? `"${value}"` : kind === 'raw' ? `\`${value}\`` : value;
  return { kind, value, raw, span: { file: 'Rwsfile', start: AT, end: AT + raw.length } };
}

export interface Heard {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly span: Span;
  readonly options: ReportOptions | undefined;
}

export function recorder(): Reporter & { heard: Heard[] } {
  const heard: Heard[] = [];
  return {
    heard,
    error: (code, message, span, options) => heard.push({ code, severity: 'error', message, span, options }),
    warn: (code, message, span, options) => heard.push({ code, severity: 'warning', message, span, options }),
  };
}

/** Parse `text` with `parse` and return the value plus one line per diagnostic: `CODE start-end message | hint`. */
export function run<T>(parse: (a: Arg, r: Reporter) => T, text: string, kind: ArgKind = 'word'): { value: T; errors: string[] } {
  const r = recorder();
  const value = parse(arg(text, kind), r);
  const errors = r.heard.map(
    (h) => `${h.code} ${h.span.start - AT}-${h.span.end - AT} ${h.message}${h.options?.hint ? ` | ${h.options.hint}` : ''}`,
  );
  return { value, errors };
}
