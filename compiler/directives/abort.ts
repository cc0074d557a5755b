/**
 * `abort [matcher]`: close the connection without a response.
 *
 * Invariant: emits one AbortHandler; takes no arguments.
 */
import type { DirectiveSpec } from '../registry/directive.ts';

export const abort = {
  name: 'abort',
  summary: 'Close the connection without sending a response.',
  docs: [
    'Drops the connection immediately, without a response (HTTP/2: the stream is reset). Useful against',
    'scanners and abusive clients, where any answer is too much.',
    '',
    '```',
    'abort [<matcher>]',
    '```',
  ].join('\n'),
  examples: ['abort /wp-admin/*', '@scanners path *.php /.env\nabort @scanners'],
  scopes: ['site', 'route'],
  phase: 'respond',
  matcher: true,
  terminal: true,
  args: [],
  block: null,
  bind: () => ({ kind: 'handlers', handlers: [{ kind: 'abort' }] }),
} as const satisfies DirectiveSpec;
