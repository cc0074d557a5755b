/**
 * `handle_errors { ... }`: the routes that answer when a handler raises an error (or nothing matched).
 *
 * Invariant: produces the site option `error_routes`; `{err.*}` placeholders are valid only inside its block.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';

export const handleErrors = {
  name: 'handle_errors',
  summary: 'Routes that answer when handling a request fails.',
  docs: [
    'When a handler raises an error (`error`, a failing upstream, a missing file), the site runs these routes instead ',
    'of the built-in plain-text error page. Inside the block `{err.status}`, `{err.message}` and `{err.id}` hold the error.',
    '',
    '```',
    'handle_errors {',
    '    <directives...>',
    '}',
    '```',
    '',
    'Status codes cannot be listed yet (`handle_errors 404 { }`): match on the status inside the block is not ',
    'available either, so one `handle_errors` block handles every error of the site.',
  ].join('\n'),
  examples: ['handle_errors {\n\trespond "{err.status} {err.message}" 200\n}'],
  scopes: ['site'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [],
  block: { kind: 'routes' },
  bind(node, ctx) {
    if (node.block === null) return null;
    return { kind: 'site', option: { kind: 'error_routes', routes: ctx.routes(node.block) } };
  },
} as const satisfies DirectiveSpec;
