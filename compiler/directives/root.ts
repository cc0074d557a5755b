/**
 * `root [matcher] <path>`: the site root that file_server and try_files read from.
 *
 * Invariant: emits one RootHandler; a relative path is resolved against the Rwsfile's folder.
 */
import type { DirectiveSpec } from '../registry/directive.ts';

export const root = {
  name: 'root',
  summary: 'Set the folder that files are served from.',
  docs: [
    'Sets the root folder for the request: `file_server` and `try_files` look for files under it, and `{root}`',
    'holds it. A relative path is relative to the folder of the Rwsfile it is written in. Without `root`, files',
    'are served from the current working directory.',
    '',
    '```',
    'root [<matcher>] <path>',
    '```',
    '',
    '- **path**: a folder; placeholders are allowed (`/srv/{host}`).',
    '',
    'A path in the first position is a matcher, so `root /srv/www` alone means the folder; to set the root for',
    'some requests only write `root /docs/* /srv/docs` or use a named matcher.',
  ].join('\n'),
  examples: ['root ./public', 'root * /srv/sites/{host}', '@docs path /docs/*\nroot @docs ./docs-site'],
  scopes: ['site', 'route'],
  phase: 'context',
  matcher: true,
  terminal: false,
  args: [{ name: 'path', type: { kind: 'path' }, docs: 'The root folder; relative to the Rwsfile\'s folder.' }],
  block: null,
  bind(node, ctx) {
    const [pathArg] = node.args;
    if (pathArg === undefined) return null;
    const path = ctx.path(pathArg);
    return path === null ? null : { kind: 'handlers', handlers: [{ kind: 'root', path }] };
  },
} as const satisfies DirectiveSpec;
