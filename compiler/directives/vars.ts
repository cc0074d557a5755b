/**
 * `vars [matcher] <name> <value>` or `vars [matcher] { <name> <value> ... }`: set request variables.
 *
 * Invariant: emits one VarsHandler; names are [A-Za-z0-9_.-]+ so `{vars.name}` can refer to them.
 */
import type { Template } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';

const NAME = /^[A-Za-z0-9_.-]+$/;

export const vars = {
  name: 'vars',
  summary: 'Set variables for the rest of the request ({vars.name}).',
  docs: [
    'Sets request variables that later directives read with the `{vars.name}` placeholder. Values may contain',
    'placeholders, evaluated when `vars` runs.',
    '',
    '```',
    'vars [<matcher>] <name> <value>',
    'vars [<matcher>] {',
    '    <name> <value>',
    '    ...',
    '}',
    '```',
    '',
    '- **name**: letters, digits, `_`, `-` and `.`.',
    '- **value**: a template; write `""` for an empty value.',
  ].join('\n'),
  examples: ['vars backend 127.0.0.1:3000', 'vars {\n\tenv production\n\tclient {remote_ip}\n}\nrespond "{vars.env} for {vars.client}"'],
  scopes: ['site', 'route'],
  phase: 'context',
  matcher: true,
  terminal: false,
  args: [
    { name: 'name', type: { kind: 'string' }, docs: 'Variable name.', optional: true },
    { name: 'value', type: { kind: 'template' }, docs: 'Variable value; placeholders allowed.', optional: true },
  ],
  block: { kind: 'subdirectives', subdirectives: [] },
  codes: ['RWS3230', 'RWS3222'],
  bind(node, ctx) {
    const out: Record<string, Template> = {};
    let ok = true;
    if (node.block !== null) {
      if (node.args.length > 0) {
        ctx.error('RWS3222', '`vars` takes either one variable on its line or a block of them, not both', node.args[0].span, {
          hint: `move \`${node.args.map((a) => a.raw).join(' ')}\` into the block`,
        });
        ok = false;
      }
      for (const line of node.block.lines) ok = bindLine(line, ctx, out) && ok;
    } else if (node.args.length === 0) {
      ctx.error('RWS3004', '`vars` needs a name and a value, or a block', node.nameSpan, { hint: 'e.g. `vars env production`' });
      return null;
    } else {
      ok = bindPair(node.args, ctx, out);
    }
    return ok ? { kind: 'handlers', handlers: [{ kind: 'vars', vars: out }] } : null;
  },
} as const satisfies DirectiveSpec;

function bindLine(line: Line, ctx: BindContext, out: Record<string, Template>): boolean {
  if (line.block !== null) {
    ctx.error('RWS3005', 'a variable line does not take a block', line.block.open, { hint: 'write `name value` on one line' });
    return false;
  }
  return bindPair(line.args, ctx, out);
}

function bindPair(args: readonly Arg[], ctx: BindContext, out: Record<string, Template>): boolean {
  const [nameArg, valueArg, ...extra] = args;
  if (nameArg === undefined) return false;
  if (valueArg === undefined) {
    ctx.error('RWS3004', `missing a value for variable \`${nameArg.value}\``, nameArg.span, { hint: `write \`${nameArg.value} <value>\`, or \`${nameArg.value} ""\` for an empty value` });
    return false;
  }
  if (extra.length > 0) {
    ctx.error('RWS3003', `too many values for variable \`${nameArg.value}\``, { ...extra[0].span, end: extra[extra.length - 1].span.end }, { hint: 'quote a value that contains spaces: `"a b"`' });
    return false;
  }
  if (!NAME.test(nameArg.value)) {
    ctx.error('RWS3230', `invalid variable name \`${nameArg.value}\`: use letters, digits, \`_\`, \`-\` and \`.\``, nameArg.span, { hint: 'e.g. `backend_addr`' });
    return false;
  }
  const value = ctx.template(valueArg);
  if (value === null) return false;
  out[nameArg.value] = value;
  return true;
}
