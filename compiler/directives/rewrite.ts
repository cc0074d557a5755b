/**
 * `rewrite [matcher] <to>`: change the request URI internally.
 *
 * Invariant: emits one RewriteHandler whose target is a template; a `?` in the result replaces the query too.
 */
import type { DirectiveSpec } from '../registry/directive.ts';

export const rewrite = {
  name: 'rewrite',
  summary: 'Rewrite the request URI internally (the client sees no redirect).',
  docs: [
    'Changes the path (and, if the target contains `?`, the query) that the rest of the route list sees. Matchers',
    'evaluated after a rewrite see the new URI; `{orig_uri}` still holds the one the client sent.',
    '',
    '```',
    'rewrite [<matcher>] <to>',
    '```',
    '',
    '- **to**: the new URI; a template. `/index.php?{query}` keeps the query; `/search?q={path.1}` replaces it;',
    '  without `?` the query is left as it was.',
    '',
    'A path in the first position is a matcher: `rewrite /old /new` rewrites only `/old`; to rewrite every',
    'request write `rewrite * /new`.',
  ].join('\n'),
  examples: ['rewrite * /index.html', 'rewrite /docs /docs/', '@legacy path /app.php\nrewrite @legacy /app?{query}'],
  scopes: ['site', 'route'],
  phase: 'rewrite',
  matcher: true,
  terminal: false,
  args: [{ name: 'to', type: { kind: 'template' }, docs: 'The new URI (path and optional `?query`); placeholders allowed.' }],
  block: null,
  bind(node, ctx) {
    const [toArg] = node.args;
    if (toArg === undefined) return null;
    const to = ctx.template(toArg);
    if (to === null) return null;
    return { kind: 'handlers', handlers: [{ kind: 'rewrite', to }] };
  },
} as const satisfies DirectiveSpec;
