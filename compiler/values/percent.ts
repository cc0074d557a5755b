/**
 * Percentages: `20%`, `12.5%`, `100%` (the `%` is required, so a bare number is never a ratio by mistake).
 *
 * Invariant: the result is a number in [0, 100]; callers divide by 100 when they want a ratio.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

/** Parse a percentage; reports RWS3116 and returns null when invalid or over 100%. */
export function parsePercent(arg: Arg, r: Reporter): number | null {
  const text = arg.value;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (m === null) {
    const hint = /^\d+(?:\.\d+)?$/.test(text) ? `write \`${text}%\`` : 'write a number followed by `%`, e.g. `20%`';
    r.error('RWS3116', `invalid percentage \`${text}\``, arg.span, { hint });
    return null;
  }
  const n = Number(m[1]);
  if (n > 100) {
    r.error('RWS3116', `invalid percentage \`${text}\`: more than 100%`, arg.span, { hint: 'a percentage is between `0%` and `100%`' });
    return null;
  }
  return n;
}
