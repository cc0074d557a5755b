/**
 * `uri [matcher] strip_prefix <p> | strip_suffix <s> | replace <find> <replace> [limit] | path_regexp <re> <replace>`:
 * edit the request path.
 *
 * Invariant: emits one UriHandler; prefixes start with `/`, regexps are valid, limits are >= 0 (0 = every match).
 */
import type { UriHandler } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { parseRegexp } from '../values/regexp.ts';

const OPERATIONS = ['strip_prefix', 'strip_suffix', 'replace', 'path_regexp'] as const;
type Operation = (typeof OPERATIONS)[number];

/** Argument names per operation: [required..., optional...]. */
const ARITY: Readonly<Record<Operation, { readonly required: readonly string[]; readonly optional: readonly string[] }>> = {
  strip_prefix: { required: ['prefix'], optional: [] },
  strip_suffix: { required: ['suffix'], optional: [] },
  replace: { required: ['find', 'replace'], optional: ['limit'] },
  path_regexp: { required: ['regexp', 'replace'], optional: [] },
};

export const uri = {
  name: 'uri',
  summary: 'Edit the request path: strip a prefix or suffix, replace text, or apply a regexp.',
  docs: [
    'Changes the request path seen by the rest of the route list (the client sees no redirect).',
    '',
    '```',
    'uri [<matcher>] strip_prefix <prefix>',
    'uri [<matcher>] strip_suffix <suffix>',
    'uri [<matcher>] replace <find> <replace> [<limit>]',
    'uri [<matcher>] path_regexp <regexp> <replace>',
    '```',
    '',
    'The first argument is the **operation**, followed by its own arguments:',
    '',
    '- **strip_prefix**: remove `prefix` from the start of the path (a leading `/` is added if missing): with',
    '  `strip_prefix /api`, `/api/users` becomes `/users`.',
    '- **strip_suffix**: remove `suffix` from the end of the path.',
    '- **replace**: replace the text `find` with `replace` in the path, at most `limit` times (default `0`: every',
    '  occurrence).',
    '- **path_regexp**: replace matches of the regular expression (JavaScript syntax) with `replace`, where `$1`,',
    '  `$<name>` refer to groups.',
  ].join('\n'),
  examples: ['uri strip_prefix /api', 'uri /old/* replace /old/ /new/ 1', 'uri path_regexp \\.html$ ""', 'uri strip_suffix /'],
  scopes: ['site', 'route'],
  phase: 'rewrite',
  matcher: true,
  terminal: false,
  args: [
    { name: 'operation', type: { kind: 'enum', values: OPERATIONS }, docs: 'strip_prefix, strip_suffix, replace or path_regexp.' },
    { name: 'arguments', type: { kind: 'string' }, docs: 'The operation\'s arguments (see above).', variadic: true },
  ],
  block: null,
  codes: ['RWS3210', 'RWS3113', 'RWS3109', 'RWS3103'],
  bind(node, ctx) {
    const [opArg, ...rest] = node.args;
    if (opArg === undefined) return null;
    const op = parseEnum(opArg, ctx, OPERATIONS, '`uri` operation');
    if (op === null || !checkArity(op, opArg, rest, ctx)) return null;
    const parsed = parseOperation(op, rest, ctx);
    return parsed === null ? null : { kind: 'handlers', handlers: [{ kind: 'uri', op: parsed }] };
  },
} as const satisfies DirectiveSpec;

function checkArity(op: Operation, opArg: Arg, rest: readonly Arg[], ctx: BindContext): boolean {
  const { required, optional } = ARITY[op];
  const usage = `uri ${op} ${[...required.map((n) => `<${n}>`), ...optional.map((n) => `[<${n}>]`)].join(' ')}`;
  if (rest.length < required.length) {
    const missing = required.slice(rest.length).map((n) => `<${n}>`).join(' ');
    ctx.error('RWS3210', `\`uri ${op}\` is missing ${missing}`, opArg.span, { hint: `write \`${usage}\`` });
    return false;
  }
  const max = required.length + optional.length;
  if (rest.length > max) {
    const extra = rest.slice(max);
    ctx.error('RWS3210', `too many arguments for \`uri ${op}\``, { ...extra[0].span, end: extra[extra.length - 1].span.end }, {
      hint: `write \`${usage}\`; quote text that contains spaces`,
    });
    return false;
  }
  return true;
}

function parseOperation(op: Operation, args: readonly Arg[], ctx: BindContext): UriHandler['op'] | null {
  switch (op) {
    case 'strip_prefix': {
      const prefix = args[0].value.startsWith('/') ? args[0].value : `/${args[0].value}`;
      return { kind: 'strip_prefix', prefix };
    }
    case 'strip_suffix':
      return { kind: 'strip_suffix', suffix: args[0].value };
    case 'replace': {
      const limit = args[2] === undefined ? 0 : parseInteger(args[2], ctx, { min: 0 });
      return limit === null ? null : { kind: 'replace', find: args[0].value, replace: args[1].value, limit };
    }
    case 'path_regexp': {
      const pattern = parseRegexp(args[0], ctx);
      return pattern === null ? null : { kind: 'path_regexp', pattern, replace: args[1].value };
    }
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}
