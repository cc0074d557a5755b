/**
 * Booleans: `on`/`off` (also `true`/`false`).
 *
 * Invariant: only these four words are accepted.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

/** Parse a boolean; reports RWS3114 and returns null when invalid. */
export function parseBool(arg: Arg, r: Reporter): boolean | null {
  switch (arg.value) {
    case 'on':
    case 'true':
      return true;
    case 'off':
    case 'false':
      return false;
    default:
      r.error('RWS3114', `invalid boolean \`${arg.value}\`: expected \`on\` or \`off\``, arg.span, { hint: 'write `on` or `off`' });
      return null;
  }
}
