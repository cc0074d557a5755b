/**
 * reverse_proxy's `transport http { ... }` block: connection timeouts and pool limits.
 *
 * Invariant: every field has a default (dial 3s, response header 30s, read 60s, keep-alive 60s, no connection
 * limit); `keepalive off` is 0.
 */
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { argsOf, settingReader } from './block-lines.ts';

export interface TransportSettings {
  readonly dialTimeoutMs: number;
  readonly responseHeaderTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnsPerUpstream: number | null;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
  dialTimeoutMs: 3000,
  responseHeaderTimeoutMs: 30_000,
  readTimeoutMs: 60_000,
  keepAliveTimeoutMs: 60_000,
  maxConnsPerUpstream: null,
};

const duration = (name: string, summary: string): SubdirectiveSpec => ({
  name,
  summary,
  args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `5s`.' }],
});

export const TRANSPORT_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  duration('dial_timeout', 'How long to wait for a connection to an upstream (default 3s).'),
  duration('response_header_timeout', 'How long to wait for the upstream\'s response head (default 30s).'),
  duration('read_timeout', 'Longest pause between chunks of the upstream\'s response body (default 60s).'),
  {
    name: 'keepalive',
    summary: 'How long idle upstream connections are kept open (default 60s), or `off`.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'Idle time, or `off` to close after each request.' }],
  },
  {
    name: 'max_conns_per_host',
    summary: 'Limit connections to each upstream (default: no limit).',
    args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'Maximum open connections per upstream.' }],
  },
];

export const TRANSPORT_SPEC: SubdirectiveSpec = {
  name: 'transport',
  summary: 'Connection settings for upstreams.',
  args: [{ name: 'protocol', type: { kind: 'enum', values: ['http'] }, docs: 'Only `http` (HTTP/1.1, TLS for https:// upstreams).' }],
  block: TRANSPORT_SUBDIRECTIVES,
};

/** Read a `transport http { ... }` line; null if anything in it was invalid (already reported). */
export function parseTransport(line: Line | null, ctx: BindContext): TransportSettings | null {
  if (line === null) return DEFAULT_TRANSPORT;
  const [protocol] = argsOf(line);
  if (protocol !== undefined && parseEnum(protocol, ctx, ['http'] as const, 'transport') === null) return null;
  if (line.block === null) return DEFAULT_TRANSPORT;
  const sub = ctx.subdirectives(line.block, TRANSPORT_SUBDIRECTIVES);
  const settings = settingReader(sub);
  const transport: TransportSettings = {
    dialTimeoutMs: settings.read('dial_timeout', DEFAULT_TRANSPORT.dialTimeoutMs, (a) => parseDuration(a, ctx)),
    responseHeaderTimeoutMs: settings.read('response_header_timeout', DEFAULT_TRANSPORT.responseHeaderTimeoutMs, (a) => parseDuration(a, ctx)),
    readTimeoutMs: settings.read('read_timeout', DEFAULT_TRANSPORT.readTimeoutMs, (a) => parseDuration(a, ctx)),
    keepAliveTimeoutMs: settings.read('keepalive', DEFAULT_TRANSPORT.keepAliveTimeoutMs, (a) => parseKeepAlive(a, ctx)),
    maxConnsPerUpstream: settings.read<number | null>('max_conns_per_host', null, (a) => parseInteger(a, ctx, { min: 1 })),
  };
  return settings.ok ? transport : null;
}

/** A duration, or `off` (0: one request per connection). */
function parseKeepAlive(arg: Arg, ctx: BindContext): number | null {
  if (arg.value === 'off') return 0;
  if (/^[a-z]+$/i.test(arg.value)) {
    ctx.error('RWS3101', `invalid keepalive \`${arg.value}\`: expected a duration or \`off\``, arg.span, { hint: 'e.g. `keepalive 90s`, or `keepalive off` to close connections after each request' });
    return null;
  }
  return parseDuration(arg, ctx);
}
