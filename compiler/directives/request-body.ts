/**
 * `request_body [matcher] { max_size <size> }`: limit request bodies.
 *
 * Invariant: emits one RequestBodyHandler with the limit in bytes.
 */
import type { DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import { parseSize } from '../values/size.ts';
import { settingReader, subdirectivesOf } from './block-lines.ts';

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'max_size', summary: 'The largest request body accepted.', args: [{ name: 'size', type: { kind: 'size' }, docs: 'A size: `10MB`, `512KiB`.' }] },
];

export const requestBody = {
  name: 'request_body',
  summary: 'Limit the size of request bodies (413 when exceeded).',
  docs: [
    'Limits request bodies for the requests it matches: a larger `Content-Length` is refused with 413 before',
    'the body is read, and a streamed body is cut off with 413 when it passes the limit. Overrides the',
    'global `limits { max_body_size }` for these requests.',
    '',
    '```',
    'request_body [<matcher>] {',
    '    max_size <size>',
    '}',
    '```',
    '',
    '- **max_size**: the limit; `KB`/`MB`/`GB` are powers of 1000, `KiB`/`MiB`/`GiB` powers of 1024.',
  ].join('\n'),
  examples: ['request_body {\n\tmax_size 10MB\n}', 'request_body /upload/* {\n\tmax_size 1GiB\n}'],
  scopes: ['site', 'route'],
  phase: 'guard',
  matcher: true,
  terminal: false,
  args: [],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES, required: true },
  codes: ['RWS3102', 'RWS3004'],
  bind(node, ctx) {
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    const written = node.block !== null && node.block.lines.some((l) => l.args[0]?.value === 'max_size');
    if (node.block !== null && !written) {
      ctx.error('RWS3004', '`request_body` needs `max_size`', node.nameSpan, { hint: 'add a line `max_size 10MB` to the block' });
      return null;
    }
    const settings = settingReader(sub);
    const maxBytes = settings.read<number | null>('max_size', null, (a) => parseSize(a, ctx));
    return maxBytes === null || !settings.ok ? null : { kind: 'handlers', handlers: [{ kind: 'request_body', maxBytes }] };
  },
} as const satisfies DirectiveSpec;
