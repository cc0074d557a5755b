/**
 * Circuit breaking of a pool: `breaker { max_connections …; max_pending …; max_requests …; retry_after … }`
 * in a `reverse_proxy` or `upstream` block (Envoy's thresholds).
 *
 * Invariant: without the block, breaker is null (no limits); with it, unset limits are null and
 * retry_after is whole seconds, at least 1 (default 5).
 */
import type { CircuitBreakerPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseInteger } from '../values/int.ts';
import { lineOf, settingReader } from './block-lines.ts';

const limit = (name: string, summary: string): SubdirectiveSpec => ({
  name,
  summary,
  args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'The limit.' }],
});

const BREAKER_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  limit('max_connections', 'Most open connections to each upstream.'),
  limit('max_pending', 'Most requests waiting for a connection (needs a connection limit).'),
  limit('max_requests', 'Most requests in flight to the pool.'),
  {
    name: 'retry_after',
    summary: 'The `Retry-After` sent with the 503 when a limit is hit (default 5s).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'Rounded up to whole seconds.' }],
  },
];

export const BREAKER_SPEC: SubdirectiveSpec = {
  name: 'breaker',
  summary: 'Circuit breaking: limits that answer 503 at once instead of queueing behind an overloaded pool.',
  args: [],
  block: BREAKER_SUBDIRECTIVES,
};

export const BREAKER_DOCS = [
  '- **breaker** (circuit breaking): `max_requests` limits the requests in flight to the pool, `max_connections`',
  '  the connections to each upstream, `max_pending` the requests waiting for one of those connections. A request',
  '  over a limit is answered at once with 503 and `Retry-After` (`retry_after`, default `5s`); the breaker',
  '  closes again as soon as the counts drop.',
];

/**
 * Null when invalid (reported); `breaker: null` when the block is absent. `transportLimit`: the transport's
 * max_conns_per_host, which also makes requests wait.
 */
export function bindBreaker(line: Line | null, transportLimit: number | null, ctx: BindContext): { readonly breaker: CircuitBreakerPlan | null } | null {
  if (line === null) return { breaker: null };
  const sub = line.block === null ? new Map<string, readonly Line[]>() : ctx.subdirectives(line.block, BREAKER_SUBDIRECTIVES);
  const settings = settingReader(sub);
  const maxConnections = settings.read<number | null>('max_connections', null, (a) => parseInteger(a, ctx, { min: 1 }));
  const maxPending = settings.read<number | null>('max_pending', null, (a) => parseInteger(a, ctx, { min: 1 }));
  const maxRequests = settings.read<number | null>('max_requests', null, (a) => parseInteger(a, ctx, { min: 1 }));
  const retryAfterMs = settings.read('retry_after', 5000, (a) => parseDuration(a, ctx));
  if (!settings.ok) return null;
  const pendingLine = lineOf(sub, 'max_pending');
  if (pendingLine !== null && maxConnections === null && transportLimit === null) {
    ctx.warn('RWS3406', '`max_pending` never trips without a connection limit', pendingLine.args[0].span, {
      hint: 'requests only wait for a connection when connections are limited: add `max_connections <n>`',
    });
  }
  return { breaker: { maxConnections, maxPending, maxRequests, retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) } };
}
