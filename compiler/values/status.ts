/**
 * HTTP status codes (100-599).
 *
 * Invariant: the result is an integer in [100, 599].
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

/** Parse an HTTP status code; reports RWS3104 and returns null when invalid. */
export function parseStatus(arg: Arg, r: Reporter): number | null {
  const text = arg.value;
  if (!/^\d+$/.test(text)) {
    r.error('RWS3104', `invalid status code \`${text}\`: expected a number from 100 to 599`, arg.span, { hint: 'e.g. `200`, `404` or `503`' });
    return null;
  }
  const n = Number(text);
  if (n < 100 || n > 599) {
    r.error('RWS3104', `invalid status code \`${text}\`: must be between 100 and 599`, arg.span, { hint: 'e.g. `200`, `404` or `503`' });
    return null;
  }
  return n;
}

/** True for text that looks like a status code (three digits), used to tell optional status arguments apart. */
export function looksLikeStatus(text: string): boolean {
  return /^\d{3}$/.test(text);
}
