/**
 * `{$NAME}` and `{$NAME:default}`: environment variables, substituted when the file is read.
 *
 * Invariant: applied to word, quoted and heredoc arguments, never to backtick (raw) strings; every use is
 * recorded, and an unset variable without a default becomes '' with a warning.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { valueSpan } from '../values/arg-span.ts';
import type { EnvUse } from './expanded.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Also read by the TextMate grammar generator (grammar/). */
export const ENV_REF = /\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/** Substitute environment variables in every argument of the lines (recursively). Returns new lines only where something changed. */
export function substituteEnv(lines: readonly Line[], env: Env, uses: EnvUse[], diagnostics: Diagnostic[]): readonly Line[] {
  let out: Line[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const next = substituteLine(line, env, uses, diagnostics);
    if (next !== line) out ??= lines.slice(0, i);
    if (out !== null) out.push(next);
  }
  return out ?? lines;
}

/** The line itself when nothing in it changes (the common case: no copies made). */
function substituteLine(line: Line, env: Env, uses: EnvUse[], diagnostics: Diagnostic[]): Line {
  let args: Arg[] | null = null;
  for (let i = 0; i < line.args.length; i++) {
    const arg = line.args[i];
    const next = substituteArg(arg, env, uses, diagnostics);
    if (next !== arg) args ??= line.args.slice(0, i);
    if (args !== null) args.push(next);
  }
  const blockLines = line.block === null ? null : substituteEnv(line.block.lines, env, uses, diagnostics);
  if (args === null && (line.block === null || blockLines === line.block.lines)) return line;
  return { ...line, args: args ?? line.args, block: line.block === null ? null : { ...line.block, lines: blockLines! } };
}

function substituteArg(arg: Arg, env: Env, uses: EnvUse[], diagnostics: Diagnostic[]): Arg {
  if (arg.kind === 'raw' || !arg.value.includes('{$')) return arg;
  const value = arg.value.replace(ENV_REF, (whole: string, name: string, fallback: string | undefined, offset: number) => {
    const set = env[name];
    uses.push({ name, value: set ?? null, defaultValue: fallback ?? null, span: arg.span });
    if (set !== undefined) return set;
    if (fallback !== undefined) return fallback;
    diagnostics.push({
      code: 'RWS2005',
      severity: 'warning',
      message: `environment variable \`${name}\` is not set: \`${whole}\` became an empty string`,
      span: valueSpan(arg, offset, offset + whole.length),
      notes: [],
      hint: `set \`${name}\`, or give a default: \`{$${name}:default}\``,
    });
    return '';
  });
  return value === arg.value ? arg : { ...arg, value };
}
