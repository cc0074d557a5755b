/**
 * Media type patterns: `type/subtype`, `type/*`, `*\/*`; also `type/subtype+suffix` and `type/prefix*` globs.
 *
 * Invariant: the result is a lower-case `type/subtype` where both parts are RFC 9110 tokens, and `*` appears
 * only as a whole type (with a `*` subtype) or at the end of the subtype.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

const TOKEN = /^[!#$%&'+\-.^_`|~0-9a-z]+$/;
const HINT = 'e.g. `application/json`, `text/*` or `image/svg+xml`';

/** Parse a media type pattern into lower case; reports RWS3112 and returns null when invalid. */
export function parseMime(arg: Arg, r: Reporter): string | null {
  const text = arg.value;
  const lower = text.toLowerCase();
  const slash = lower.indexOf('/');
  if (slash === -1) {
    r.error('RWS3112', `invalid media type \`${text}\`: expected \`type/subtype\``, arg.span, { hint: HINT });
    return null;
  }
  const type = lower.slice(0, slash);
  const subtype = lower.slice(slash + 1);
  const typeOk = type === '*' ? subtype === '*' : TOKEN.test(type);
  const subOk = subtype === '*' || TOKEN.test(subtype.endsWith('*') ? subtype.slice(0, -1) : subtype);
  if (!typeOk || !subOk) {
    const reason = lower.includes(';') ? 'parameters are not allowed' : '`*` may only replace the whole type or end the subtype';
    const detail = !/^[!#$%&'*+\-.^_`|~0-9a-z/;=]+$/.test(lower) ? 'it contains characters a media type cannot have' : reason;
    r.error('RWS3112', `invalid media type \`${text}\`: ${detail}`, arg.span, { hint: HINT });
    return null;
  }
  return `${type}/${subtype}`;
}
