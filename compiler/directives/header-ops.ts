/**
 * Header operations, shared by `header`, `request_header` and reverse_proxy's `header_up` / `header_down`:
 *
 *     Field value        set (replace or create)
 *     +Field value       add another value
 *     ?Field value       set only if absent
 *     -Field             delete; `-Field*` deletes every header starting with `Field`
 *     Field find repl    replace matches of the regular expression `find` in existing values
 *
 * Invariant: names come out lower-case RFC 9110 tokens; values are templates; a replace pattern is a valid
 * regular expression.
 */
import type { HeaderOp } from '../../runtime/plan/plan.ts';
import type { BindContext } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { checkHeaderName } from '../values/header-name.ts';
import { parseRegexp } from '../values/regexp.ts';

/** Markdown describing the operations, for the docs of every directive that uses them. */
export const HEADER_OPS_DOCS = [
  '| form | effect |',
  '|---|---|',
  '| `Field value` | set the header, replacing any existing values |',
  '| `+Field value` | add a value, keeping existing ones |',
  '| `?Field value` | set the header only if it is not already present |',
  '| `-Field` | delete the header; `-Field*` deletes every header whose name starts with `Field` |',
  '| `Field find replace` | replace matches of the regular expression `find` (JavaScript syntax) in existing values; `$1` refers to a group |',
  '',
  'Values may contain placeholders. Field names are case-insensitive.',
].join('\n');

type Prefix = '+' | '-' | '?' | '';

/** Parse one operation from its arguments (field first). Problems are reported through ctx; null when unusable. */
export function parseHeaderOp(args: readonly Arg[], ctx: BindContext): HeaderOp | null {
  const field: Arg | undefined = args[0];
  if (field === undefined) return null;
  const values = args.slice(1);
  const first = field.value[0];
  const prefix: Prefix = first === '+' || first === '-' || first === '?' ? first : '';
  const wildcard = prefix === '-' && field.value.endsWith('*');
  const rawName = field.value.slice(prefix.length, wildcard ? -1 : undefined);
  const checked = checkHeaderName(field, rawName, prefix.length, ctx);
  if (checked === null) return null;
  const name = wildcard ? `${checked}*` : checked;
  const shown = field.value;
  const bare = field.value.slice(prefix.length);

  if (prefix === '-') {
    if (values.length > 0) return unexpected(ctx, values, `\`${shown}\` deletes the header and takes no value`, `to set it instead, write \`${bare} ${values[0].raw}\``);
    return { op: 'delete', name };
  }
  if (values.length === 0) {
    const hint = prefix === '' ? `write \`${bare} <value>\`, or \`-${bare}\` to delete it` : `write \`${shown} <value>\``;
    ctx.error('RWS3220', `missing a value for header \`${bare}\``, field.span, { hint });
    return null;
  }
  if (prefix !== '' && values.length > 1) {
    const what = prefix === '+' ? 'adding' : 'defaulting';
    return unexpected(ctx, values.slice(1), `${what} a header (\`${shown}\`) takes one value`, 'quote a value that contains spaces: `"a b"`; to replace text in a value write `Field find replace` without a prefix');
  }
  if (values.length > 2) return unexpected(ctx, values.slice(2), `too many values for header \`${bare}\`: expected a value, or a pattern and its replacement`, 'quote a value that contains spaces: `"a b"`');
  if (values.length === 2) {
    const pattern = parseRegexp(values[0], ctx);
    const replace = ctx.template(values[1]);
    if (pattern === null || replace === null) return null;
    return { op: 'replace', name, pattern, replace };
  }
  const value = ctx.template(values[0]);
  if (value === null) return null;
  const op = prefix === '+' ? 'add' : prefix === '?' ? 'default' : 'set';
  return { op, name, value };
}

function unexpected(ctx: BindContext, extra: readonly Arg[], message: string, hint: string): null {
  const span = { ...extra[0].span, end: extra[extra.length - 1].span.end };
  ctx.error('RWS3221', message, span, { hint });
  return null;
}
