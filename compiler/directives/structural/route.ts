/**
 * `route [matcher] { ... }`: a nested route list whose directives run in the order written.
 *
 * Invariant: the block is bound in `route` scope with no phase sorting; the list becomes one subroute handler.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';

export const route = {
  name: 'route',
  summary: 'Run the directives of the block in the order written.',
  docs: [
    'Groups directives into a list that runs in literal order: directives at the top level of a site are sorted by ',
    'their phase, but inside `route` they run exactly as written.',
    '',
    '```',
    'route [<matcher>] {',
    '    <directives...>',
    '}',
    '```',
  ].join('\n'),
  examples: ['route /api/* {\n\theader X-Api yes\n\trespond "api"\n}'],
  scopes: ['site', 'route'],
  phase: 'group',
  matcher: true,
  terminal: false,
  args: [],
  block: { kind: 'routes' },
  bind(node, ctx) {
    if (node.block === null) return null;
    return { kind: 'handlers', handlers: [{ kind: 'subroute', routes: ctx.routes(node.block) }] };
  },
} as const satisfies DirectiveSpec;
