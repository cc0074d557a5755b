/**
 * Global option `limits { ... }`: server-wide request limits and timeouts.
 *
 * Invariant: returns only the limits that were written (Partial<LimitsPlan>); the pipeline fills in defaults.
 */
import type { LimitsPlan } from '../../../runtime/plan/plan.ts';
import type { DirectiveSpec, SubdirectiveSpec } from '../../registry/directive.ts';
import type { Arg } from '../../syntax/ast.ts';
import { parseDuration } from '../../values/duration.ts';
import { parseSize } from '../../values/size.ts';
import { settingReader, subdirectivesOf } from '../block-lines.ts';

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'max_header_size', summary: 'Largest request head accepted (431 above).', args: [{ name: 'size', type: { kind: 'size' }, docs: 'A size, e.g. `16KiB`.' }] },
  { name: 'header_timeout', summary: 'Time allowed to receive the request head (408 after).', args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration.' }] },
  { name: 'request_timeout', summary: 'Time allowed to receive the whole request; 0 = no limit.', args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration.' }] },
  { name: 'idle_timeout', summary: 'How long a keep-alive connection may sit idle between requests.', args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration.' }] },
  { name: 'max_body_size', summary: 'Default request body limit (413 above); `request_body` overrides it.', args: [{ name: 'size', type: { kind: 'size' }, docs: 'A size, e.g. `10MB`.' }] },
];

export const limits = {
  name: 'limits',
  summary: 'Request size limits and timeouts for the whole server.',
  docs: [
    'Protects the server from slow or oversized requests. Unset limits keep their defaults.',
    '',
    '```',
    'limits {',
    '    max_header_size <size>',
    '    header_timeout <duration>',
    '    request_timeout <duration>',
    '    idle_timeout <duration>',
    '    max_body_size <size>',
    '}',
    '```',
    '',
    '- **max_header_size**: the largest request line plus headers; larger requests get 431.',
    '- **header_timeout**: time to receive the request head, the defence against slow-header (slowloris)',
    '  clients; 408 after.',
    '- **request_timeout**: time to receive the whole request, body included; `0` for no limit.',
    '- **idle_timeout**: how long a keep-alive connection waits for its next request.',
    '- **max_body_size**: request body limit for every site (no limit by default); `request_body` sets it per',
    '  route.',
    '',
    'Sizes: `KB`/`MB`/`GB` are powers of 1000, `KiB`/`MiB`/`GiB` powers of 1024.',
  ].join('\n'),
  examples: ['limits {\n\tmax_header_size 16KiB\n\theader_timeout 10s\n\trequest_timeout 5m\n\tidle_timeout 2m\n\tmax_body_size 10MB\n}'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES, required: true },
  codes: ['RWS3101', 'RWS3102'],
  bind(node, ctx) {
    const settings = settingReader(subdirectivesOf(node, ctx, SUBDIRECTIVES));
    const size = (a: Arg) => parseSize(a, ctx);
    const duration = (a: Arg) => parseDuration(a, ctx);
    const entries: [keyof LimitsPlan, number | null][] = [
      ['maxHeaderBytes', settings.read<number | null>('max_header_size', null, size)],
      ['headerTimeoutMs', settings.read<number | null>('header_timeout', null, duration)],
      ['requestTimeoutMs', settings.read<number | null>('request_timeout', null, duration)],
      ['idleTimeoutMs', settings.read<number | null>('idle_timeout', null, duration)],
      ['maxBodyBytes', settings.read<number | null>('max_body_size', null, size)],
    ];
    if (!settings.ok) return null;
    const given: Partial<Record<keyof LimitsPlan, number>> = {};
    for (const [key, value] of entries) if (value !== null) given[key] = value;
    return { kind: 'global', option: { kind: 'limits', limits: given } };
  },
} as const satisfies DirectiveSpec;
