/**
 * `header [matcher] [<op> ...]` or `header [matcher] { <op> ... }`: edit response headers.
 *
 * Invariant: emits one HeadersHandler with response ops only.
 */
import type { ArgSpec, DirectiveSpec } from '../registry/directive.ts';
import { bindHeaders } from './header-directive.ts';
import { HEADER_OPS_DOCS } from './header-ops.ts';

/** The line form's arguments, shared with request_header. */
export const HEADER_ARGS: readonly ArgSpec[] = [
  { name: 'field', type: { kind: 'string' }, docs: 'Header name, prefixed with `+` (add), `-` (delete) or `?` (default), or not (set).', optional: true },
  { name: 'value', type: { kind: 'template' }, docs: 'The value to set or add; or, with a replacement after it, the regular expression to find.', optional: true },
  { name: 'replace', type: { kind: 'template' }, docs: 'Replacement for matches of the regular expression.', optional: true },
];

export const header = {
  name: 'header',
  summary: 'Set, add, default, delete or replace response headers.',
  docs: [
    'Edits the headers of the response, whichever handler produces it (files, proxied responses, redirects,',
    'errors): the operations run just before the response head is written.',
    '',
    '```',
    'header [<matcher>] [+|-|?]<field> [<value>|<find> <replace>]',
    'header [<matcher>] {',
    '    [+|-|?]<field> [<value>|<find> <replace>]',
    '    ...',
    '}',
    '```',
    '',
    HEADER_OPS_DOCS,
  ].join('\n'),
  examples: [
    'header X-Frame-Options DENY',
    'header {\n\tStrict-Transport-Security "max-age=31536000"\n\t+Vary Accept-Encoding\n\t?Cache-Control no-cache\n\t-Server\n\t-X-Debug-*\n}',
    'header /assets/* Cache-Control "public, max-age=31536000, immutable"',
    'header Location ^http:// https://',
  ],
  scopes: ['site', 'route'],
  phase: 'headers',
  matcher: true,
  terminal: false,
  args: HEADER_ARGS,
  block: { kind: 'subdirectives', subdirectives: [] },
  codes: ['RWS3220', 'RWS3221', 'RWS3222', 'RWS3111', 'RWS3109'],
  bind: (node, ctx) => bindHeaders(node, ctx, 'response'),
} as const satisfies DirectiveSpec;
