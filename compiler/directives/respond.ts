/**
 * `respond [matcher] [body] [status] { close }`: answer the request with a fixed status and body.
 *
 * Invariant: a lone three-digit argument is a status, anything else a body (a template); the status defaults to 200.
 */
import type { HeaderOp } from '../../runtime/plan/plan.ts';
import type { DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { looksLikeStatus, parseStatus } from '../values/status.ts';
import { subdirectivesOf } from './block-lines.ts';

/** `respond` sets no headers of its own: one frozen empty list shared by every handler. */
const NO_HEADERS: readonly HeaderOp[] = Object.freeze([]);

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [{ name: 'close', summary: 'Close the connection after responding.', args: [] }];

export const respond = {
  name: 'respond',
  summary: 'Answer with a fixed status and body.',
  docs: [
    'Writes a response directly: a status code (default `200`) and an optional body, which may contain placeholders.',
    '',
    '```',
    'respond [<matcher>] [<body>] [<status>] {',
    '    close',
    '}',
    '```',
    '',
    '- **body**: the response body; a template (`"hello {remote_ip}"`), a backtick string or a heredoc.',
    '- **status**: a three-digit HTTP status code. A single argument of three digits is taken as the status: to send a ' +
      'body of three digits, give the status too (`respond 404 200`).',
    '- **close**: close the client connection after the response.',
  ].join('\n'),
  examples: ['respond "hello, {remote_ip}"', 'respond /health 204', 'respond /private/* "go away" 403 {\n\tclose\n}'],
  scopes: ['site', 'route'],
  phase: 'respond',
  matcher: true,
  terminal: true,
  args: [
    { name: 'body', type: { kind: 'template' }, docs: 'Response body (placeholders allowed).', optional: true },
    { name: 'status', type: { kind: 'status' }, docs: 'HTTP status code; default 200.', optional: true },
  ],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3104'],
  bind(node, ctx) {
    const first: Arg | undefined = node.args[0];
    const second: Arg | undefined = node.args[1];
    let bodyArg: Arg | undefined = first;
    let statusArg: Arg | undefined = second;
    if (first !== undefined && second === undefined && first.kind === 'word' && looksLikeStatus(first.value)) {
      bodyArg = undefined;
      statusArg = first;
    }
    const status = statusArg === undefined ? 200 : parseStatus(statusArg, ctx);
    const body = bodyArg === undefined ? null : ctx.template(bodyArg);
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    if (status === null || (bodyArg !== undefined && body === null)) return null;
    return { kind: 'handlers', handlers: [{ kind: 'respond', status, body, headers: NO_HEADERS, close: sub.has('close') }] };
  },
} as const satisfies DirectiveSpec;
