/**
 * One of a fixed list of words, with a did-you-mean suggestion (and fix) on a typo.
 *
 * Invariant: the result is one of `values`, exactly as listed there.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from './did-you-mean.ts';

/**
 * Parse one of `values`; reports RWS3113 and returns null otherwise. `what` names the setting in the message
 * ("unknown lb_policy `rnd`"); without it the message says "unknown value".
 */
export function parseEnum<const T extends string>(arg: Arg, r: Reporter, values: readonly T[], what = 'value'): T | null {
  const found = values.find((v) => v === arg.value);
  if (found !== undefined) return found;
  const list = values.map((v) => `\`${v}\``).join(', ');
  const message = `unknown ${what} \`${arg.value}\`: expected one of ${list}`;
  const suggestion = didYouMean(arg.value, values);
  if (suggestion === null) {
    r.error('RWS3113', message, arg.span);
  } else {
    r.error('RWS3113', message, arg.span, {
      hint: `did you mean \`${suggestion}\`?`,
      fix: { message: `replace with \`${suggestion}\``, edits: [{ span: arg.span, newText: suggestion }] },
    });
  }
  return null;
}
