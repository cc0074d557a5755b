/**
 * `handle [matcher] { ... }`: a nested route list, mutually exclusive with its sibling `handle` blocks.
 *
 * Invariant: its route carries group 'handle', so once one sibling has run the later ones are skipped.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';

export const handle = {
  name: 'handle',
  summary: 'Handle matching requests with the block; sibling handle blocks are mutually exclusive.',
  docs: [
    'Runs the directives of its block for requests that match, and then skips the `handle` (and `handle_path`) ',
    'blocks that follow it in the same list: of several sibling `handle` blocks, only the first that matches runs. ',
    'A `handle` without a matcher catches everything, so put it last.',
    '',
    '```',
    'handle [<matcher>] {',
    '    <directives...>',
    '}',
    '```',
  ].join('\n'),
  examples: ['handle /api/* {\n\treverse_proxy 127.0.0.1:3000\n}\nhandle {\n\trespond "not the api"\n}'],
  scopes: ['site', 'route'],
  phase: 'group',
  matcher: true,
  terminal: false,
  group: 'handle',
  args: [],
  block: { kind: 'routes' },
  bind(node, ctx) {
    if (node.block === null) return null;
    return { kind: 'handlers', handlers: [{ kind: 'subroute', routes: ctx.routes(node.block) }] };
  },
} as const satisfies DirectiveSpec;
