/**
 * `error [matcher] [<message>] <status>`: raise an HTTP error, handled by handle_errors.
 *
 * Invariant: emits one ErrorHandler with a status in 400-599.
 */
import type { BindContext, DirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseStatus } from '../values/status.ts';

export const error = {
  name: 'error',
  summary: 'Raise an error with a status (and message) for handle_errors to answer.',
  docs: [
    'Stops handling the request with an error. The site\'s `handle_errors` routes answer it (with `{err.status}`',
    'and `{err.message}`), or the built-in plain-text error response does. Unlike `respond`, the response',
    'goes through the error routes.',
    '',
    '```',
    'error [<matcher>] [<message>] <status>',
    '```',
    '',
    '- **message**: text for `{err.message}` and the logs; placeholders allowed. Default: empty (the error page',
    '  shows the status text).',
    '- **status**: a client or server error status, `400` to `599`.',
  ].join('\n'),
  examples: ['error /private/* 403', 'error "down for maintenance" 503', '@bots header User-Agent *bot*\nerror @bots "no crawling" 429'],
  scopes: ['site', 'route'],
  phase: 'respond',
  matcher: true,
  terminal: true,
  args: [
    { name: 'message', type: { kind: 'template' }, docs: 'Error message; placeholders allowed.', optional: true },
    { name: 'status', type: { kind: 'status' }, docs: 'HTTP status, 400 to 599.' },
  ],
  block: null,
  codes: ['RWS3280', 'RWS3104'],
  bind(node, ctx) {
    const statusArg: Arg | undefined = node.args[node.args.length - 1];
    const messageArg: Arg | undefined = node.args.length > 1 ? node.args[0] : undefined;
    if (statusArg === undefined) return null;
    const status = parseErrorStatus(statusArg, ctx);
    const message = messageArg === undefined ? [] : ctx.template(messageArg);
    if (status === null || message === null) return null;
    return { kind: 'handlers', handlers: [{ kind: 'error', status, message }] };
  },
} as const satisfies DirectiveSpec;

function parseErrorStatus(arg: Arg, ctx: BindContext): number | null {
  const status = parseStatus(arg, ctx);
  if (status === null || (status >= 400 && status <= 599)) return status;
  ctx.error('RWS3280', `\`error\` needs an error status (400 to 599), not ${status}`, arg.span, {
    hint: status < 400 ? `to answer with ${status}, use \`respond\` (or \`redir\` for 3xx)` : 'e.g. `error 503`',
  });
  return null;
}
