/**
 * TCP ports (0-65535).
 *
 * Invariant: the result is an integer in [0, 65535].
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import type { Span } from '../diagnostics/diagnostic.ts';

/** Parse a port; reports RWS3105 and returns null when invalid. */
export function parsePort(arg: Arg, r: Reporter): number | null {
  return parsePortText(arg.value, arg.span, r);
}

/** The port part of a larger value (an address), with the span of just that part. */
export function parsePortText(text: string, span: Span, r: Reporter): number | null {
  if (!/^\d+$/.test(text)) {
    r.error('RWS3105', `invalid port \`${text}\`: expected a number from 0 to 65535`, span, { hint: 'e.g. `8080`' });
    return null;
  }
  const n = Number(text);
  if (n > 65535) {
    r.error('RWS3105', `invalid port \`${text}\`: must be between 0 and 65535`, span, { hint: 'e.g. `8080`' });
    return null;
  }
  return n;
}
