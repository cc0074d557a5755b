/**
 * `request_header [matcher] [<op> ...]` or with a block: edit request headers before handlers read them.
 *
 * Invariant: emits one HeadersHandler with request ops only.
 */
import type { DirectiveSpec } from '../registry/directive.ts';
import { HEADER_ARGS } from './header.ts';
import { bindHeaders } from './header-directive.ts';
import { HEADER_OPS_DOCS } from './header-ops.ts';

export const requestHeader = {
  name: 'request_header',
  summary: 'Set, add, default, delete or replace request headers.',
  docs: [
    'Edits the headers of the incoming request, as seen by matchers, placeholders and handlers that run after it',
    '(including the headers `reverse_proxy` sends upstream).',
    '',
    '```',
    'request_header [<matcher>] [+|-|?]<field> [<value>|<find> <replace>]',
    'request_header [<matcher>] {',
    '    [+|-|?]<field> [<value>|<find> <replace>]',
    '    ...',
    '}',
    '```',
    '',
    HEADER_OPS_DOCS,
  ].join('\n'),
  examples: ['request_header X-Real-IP {remote_ip}', 'request_header -Cookie', 'request_header {\n\t?X-Request-Id {request_id}\n\t-X-Forwarded-*\n}'],
  scopes: ['site', 'route'],
  phase: 'headers',
  matcher: true,
  terminal: false,
  args: HEADER_ARGS,
  block: { kind: 'subdirectives', subdirectives: [] },
  codes: ['RWS3220', 'RWS3221', 'RWS3222', 'RWS3111', 'RWS3109'],
  bind: (node, ctx) => bindHeaders(node, ctx, 'request'),
} as const satisfies DirectiveSpec;
