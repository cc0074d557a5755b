/**
 * `{args[0]}`, `{args[:]}`, `{args[1:]}`: the arguments of an `import` line, substituted into the imported lines.
 *
 * Invariant: a whole-word `{args[a:b]}` expands into separate arguments (keeping the original span); inside a
 * longer value the selected arguments are joined with a space. Out-of-range indices give '' with a warning.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { valueSpan } from '../values/arg-span.ts';

/** Also read by the TextMate grammar generator (grammar/). */
export const ARGS_REF = /\{args\[(-?\d*)(:?)(-?\d*)\]\}/g;
const WHOLE_ARGS_SLICE = /^\{args\[(-?\d*):(-?\d*)\]\}$/;

/**
 * Substitute `{args[...]}` in the lines (recursively). Returns the input unchanged when it holds no `{args[`.
 * Lines for which `keep` is true (snippet definitions in an imported file) are left as they are: their
 * `{args[...]}` belong to their own imports.
 */
export function substituteArgs(
  lines: readonly Line[],
  values: readonly Arg[],
  importSpan: Span,
  diagnostics: Diagnostic[],
  keep: (line: Line) => boolean = () => false,
): readonly Line[] {
  let changed = false;
  const out = lines.map((line) => {
    if (keep(line)) return line;
    const args = line.args.flatMap((arg) => substituteArg(arg, values, importSpan, diagnostics));
    const inner = line.block === null ? null : substituteArgs(line.block.lines, values, importSpan, diagnostics);
    const same = args.length === line.args.length && args.every((a, i) => a === line.args[i]) && (line.block === null || inner === line.block.lines);
    if (same) return line;
    changed = true;
    return { ...line, args, block: line.block === null ? null : { ...line.block, lines: inner! } };
  });
  return changed ? out : lines;
}

function substituteArg(arg: Arg, values: readonly Arg[], importSpan: Span, diagnostics: Diagnostic[]): Arg[] {
  if (!arg.value.includes('{args[')) return [arg];
  const whole = WHOLE_ARGS_SLICE.exec(arg.value);
  if (whole !== null && arg.kind === 'word') {
    return slice(values, whole[1], whole[2]).map((v) => ({ ...arg, kind: v.kind, value: v.value }));
  }
  const value = arg.value.replace(ARGS_REF, (ref: string, from: string, colon: string, to: string, offset: number) => {
    if (colon === ':') return slice(values, from, to).map((v) => v.value).join(' ');
    const index = Number(from);
    const picked = values[index < 0 ? values.length + index : index];
    if (from === '' || picked === undefined) {
      diagnostics.push({
        code: 'RWS2009',
        severity: 'warning',
        message: `\`${ref}\` is out of range: the import passes ${values.length} argument${values.length === 1 ? '' : 's'}, so it became an empty string`,
        span: valueSpan(arg, offset, offset + ref.length),
        notes: [{ message: 'imported here', span: importSpan }],
        hint: 'pass the argument on the `import` line: `import name arg0 arg1 ...`',
      });
      return '';
    }
    return picked.value;
  });
  return [value === arg.value ? arg : { ...arg, value }];
}

function slice(values: readonly Arg[], from: string, to: string): readonly Arg[] {
  return values.slice(from === '' ? 0 : Number(from), to === '' ? undefined : Number(to));
}
