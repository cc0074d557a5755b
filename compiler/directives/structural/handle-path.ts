/**
 * `handle_path <prefix/*> { ... }`: like `handle`, and strips the path prefix before running the block.
 *
 * Invariant: the prefix is the inline path matcher (the binder turns it into the route's matcher); the handlers
 * are a `uri strip_prefix` followed by the block's subroute.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';

export const handlePath = {
  name: 'handle_path',
  summary: 'Like handle, but strips the matched path prefix first.',
  docs: [
    'Handles requests under a path prefix, mutually exclusive with sibling `handle` blocks, and removes the prefix ',
    'from the request path before running its block: with `handle_path /api/*`, a request for `/api/users` is ',
    'handled as `/users`.',
    '',
    '```',
    'handle_path <prefix>/* {',
    '    <directives...>',
    '}',
    '```',
    '',
    'The prefix is written as an inline path matcher (`/api/*`); named matchers are not accepted.',
  ].join('\n'),
  examples: ['handle_path /static/* {\n\trespond "static"\n}'],
  scopes: ['site', 'route'],
  phase: 'group',
  matcher: true,
  terminal: false,
  group: 'handle',
  args: [],
  block: { kind: 'routes' },
  codes: ['RWS3011'],
  bind(node, ctx) {
    const matcherArg = node.line.args[1];
    const pattern = matcherArg !== undefined && matcherArg !== node.args[0] ? matcherArg.value : null;
    if (pattern === null || !pattern.startsWith('/') || pattern.slice(0, -1).includes('*')) {
      ctx.error(
        'RWS3011',
        pattern === null ? '`handle_path` needs a path prefix' : `\`handle_path\` needs a path prefix, not \`${pattern}\``,
        matcherArg?.span ?? node.nameSpan,
        { hint: 'write the prefix as a path: `handle_path /api/* { ... }`' },
      );
      return null;
    }
    if (node.block === null) return null;
    const prefix = pattern.replace(/\*$/, '').replace(/\/$/, '');
    const routes = ctx.routes(node.block);
    return {
      kind: 'handlers',
      handlers: [
        ...(prefix === '' ? [] : [{ kind: 'uri', op: { kind: 'strip_prefix', prefix } } as const]),
        { kind: 'subroute', routes },
      ],
    };
  },
} as const satisfies DirectiveSpec;
