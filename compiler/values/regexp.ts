/**
 * Regular expressions in JavaScript syntax, validated at compile time so the runtime never sees a bad one.
 *
 * Invariant: the result is a source string that `new RegExp(source, flags)` accepts.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

/** Validate a regular expression; reports RWS3109 (with the engine's message) and returns null when invalid. */
export function parseRegexp(arg: Arg, r: Reporter, flags = ''): string | null {
  const source = arg.value;
  try {
    new RegExp(source, flags);
    return source;
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    r.error('RWS3109', `invalid regular expression \`${source}\`: ${reason}`, arg.span, { hint: regexpHint(source) });
    return null;
  }
}

function regexpHint(source: string): string {
  if (source.includes('(?P<')) return 'JavaScript writes named groups as `(?<name>...)`, not `(?P<name>...)`';
  if (/^\(\?[a-z]+\)/.test(source)) return 'inline flags apply to a group in JavaScript: write `(?i:...)`';
  return 'regular expressions use JavaScript syntax; escape a literal `(`, `[` or `{` with a backslash';
}
