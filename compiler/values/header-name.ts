/**
 * Header field names (RFC 9110 tokens).
 *
 * Invariant: the result is a lower-case token.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Parse a header field name into lower case; reports RWS3111 and returns null when invalid. */
export function parseHeaderName(arg: Arg, r: Reporter): string | null {
  return checkHeaderName(arg, arg.value, 0, r);
}

/**
 * Check `name`, which is `arg.value` from `offset` on (after a `+`/`-`/`?` prefix, before a `*`), so the span
 * of a bad character is exact.
 */
export function checkHeaderName(arg: Arg, name: string, offset: number, r: Reporter): string | null {
  if (name === '') {
    r.error('RWS3111', 'missing header field name', arg.span, { hint: 'e.g. `X-Request-Id`' });
    return null;
  }
  for (let i = 0; i < name.length; i++) {
    if (!TOKEN_CHAR.test(name[i])) {
      const shown = name[i] === ' ' ? 'a space' : `\`${name[i]}\``;
      const hint = name[i] === ':' ? 'write the name without a colon: `Name value`' : 'header names are letters, digits and ``!#$%&\'*+-.^_`|~``';
      r.error('RWS3111', `invalid header field name \`${name}\`: ${shown} is not allowed`, valueSpan(arg, offset + i, offset + i + 1), { hint });
      return null;
    }
  }
  return name.toLowerCase();
}
