/**
 * Circuit breaking for one upstream pool (Envoy's thresholds): a request that would exceed a limit is not
 * queued behind an overloaded pool but answered at once with 503 and `Retry-After`.
 *
 * - `maxRequests`: requests in flight to the pool (every try counts while it runs);
 * - `maxPending`: requests waiting for a connection, i.e. beyond an upstream's connection limit (the
 *   breaker's `maxConnections`, or the transport's `max_conns_per_host`, whichever is lower: the transport
 *   creates its connection pools with `connectionLimit()`). With no connection limit no request waits. The
 *   count assumes one request per connection (HTTP/1.1); over HTTP/2 a connection carries many, so it is an
 *   upper bound there.
 *
 * The breaker closes again by itself: as soon as the counts are under the limits, requests pass.
 *
 * Invariant: every admitted try is released exactly once (the exchange pairs admit/release per try).
 */
import type { CircuitBreakerPlan, UpstreamTransportPlan } from '../../plan/plan.ts';

/** What the breaker needs of an upstream: its requests in flight (from dispatch until the body ends). */
export interface BreakerMember {
  readonly inFlight: number;
}

export type BreakerTrip = 'max_requests' | 'max_pending';

export class CircuitBreaker {
  readonly plan: CircuitBreakerPlan;
  readonly #connections: number | null;
  /** Tries in flight to the pool. */
  active = 0;
  /** Requests refused so far, for metrics and `rws upstreams`. */
  tripped = 0;

  constructor(plan: CircuitBreakerPlan, transport: UpstreamTransportPlan) {
    this.plan = plan;
    this.#connections = connectionLimit(transport, plan);
  }

  /** Whether one more try to `upstream` (of `members`) fits; a refusal is counted. */
  admit(upstream: BreakerMember, members: readonly BreakerMember[]): BreakerTrip | null {
    const { maxRequests, maxPending } = this.plan;
    if (maxRequests !== null && this.active >= maxRequests) return this.#trip('max_requests');
    const connections = this.#connections;
    if (maxPending !== null && connections !== null && upstream.inFlight >= connections) {
      let pending = 0;
      for (const m of members) if (m.inFlight > connections) pending += m.inFlight - connections;
      if (pending >= maxPending) return this.#trip('max_pending');
    }
    this.active++;
    return null;
  }

  release(): void {
    this.active--;
  }

  #trip(reason: BreakerTrip): BreakerTrip {
    this.tripped++;
    return reason;
  }
}

/** Connections per upstream: the lower of the transport's and the breaker's limits; null = unlimited. */
export function connectionLimit(transport: UpstreamTransportPlan, breaker: CircuitBreakerPlan | null): number | null {
  const a = transport.maxConnsPerUpstream;
  const b = breaker?.maxConnections ?? null;
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

/** "max_requests 100" — what tripped, in the words of the Rwsfile. */
export function describeTrip(plan: CircuitBreakerPlan, trip: BreakerTrip): string {
  switch (trip) {
    case 'max_requests':
      return `max_requests ${plan.maxRequests}`;
    case 'max_pending':
      return `max_pending ${plan.maxPending}`;
    default: {
      const unknown: never = trip;
      return String(unknown);
    }
  }
}
