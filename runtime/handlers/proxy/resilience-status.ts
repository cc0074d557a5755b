/**
 * A plain-data snapshot of a live pool's health and resilience state, for the admin endpoint, `rws upstreams`
 * and metrics: each upstream's state (healthy, unhealthy by active checks, ejected by outlier detection) and
 * why, requests in flight, the breaker's counts and the retry budget's.
 *
 * Invariant: reads only; JSON-able (times as epoch milliseconds, null for "none").
 */
import type { HealthState } from './health/upstream-health.ts';
import type { UpstreamPool } from './pool.ts';

export interface UpstreamStatus {
  readonly url: string;
  readonly state: HealthState;
  readonly inFlight: number;
  /** What the last failed probe said; null while probes pass (or there are none). */
  readonly lastProbeFailure: string | null;
  /** Date.now() at which the current ejection ends; null when not ejected. */
  readonly ejectedUntil: number | null;
  /** Ejections so far (each lasts twice as long as the one before). */
  readonly ejections: number;
}

export interface PoolStatus {
  readonly pool: string;
  readonly upstreams: readonly UpstreamStatus[];
  /** Null when the pool has no breaker. */
  readonly breaker: { readonly active: number; readonly tripped: number } | null;
  /** Null when the pool never retries. */
  readonly retries: { readonly granted: number; readonly refused: number } | null;
}

export function poolStatus(pool: UpstreamPool, now: number = Date.now()): PoolStatus {
  const { breaker, budget } = pool.resilience;
  return {
    pool: pool.name,
    upstreams: pool.upstreams.map((u) => {
      const health = u.health;
      const ejected = now < health.ejectedUntil;
      return {
        url: u.url,
        state: health.state(now),
        inFlight: u.inFlight,
        lastProbeFailure: health.lastProbeFailure,
        ejectedUntil: ejected ? health.ejectedUntil : null,
        ejections: health.ejections,
      };
    }),
    breaker: breaker === null ? null : { active: breaker.active, tripped: breaker.tripped },
    retries: budget === null ? null : { granted: budget.granted, refused: budget.refused },
  };
}
