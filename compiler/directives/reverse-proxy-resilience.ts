/**
 * The resilience settings of a pool, in one place for the pool binder: active health checks, outlier
 * detection, circuit breaking, retries and the total timeout. Each lives in its own file; this lists their
 * subdirectives (spread into the pool's schema) and reads them all.
 *
 * Invariant: reads only the lines named by RESILIENCE_SUBDIRECTIVES; null exactly when one of them was invalid
 * (and reported).
 */
import type { ActiveHealthPlan, CircuitBreakerPlan, OutlierPlan, RetryPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import { type Grouped, lineOf } from './block-lines.ts';
import { BREAKER_DOCS, BREAKER_SPEC, bindBreaker } from './reverse-proxy-breaker.ts';
import { bindHealth, HEALTH_DOCS, HEALTH_SUBDIRECTIVES } from './reverse-proxy-health.ts';
import { bindOutlier, OUTLIER_DOCS, OUTLIER_SPEC, PASSIVE_SUBDIRECTIVES } from './reverse-proxy-outlier.ts';
import { bindRetry, RETRY_DOCS, RETRY_SUBDIRECTIVES } from './reverse-proxy-retry.ts';

export const RESILIENCE_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [...RETRY_SUBDIRECTIVES, ...HEALTH_SUBDIRECTIVES, OUTLIER_SPEC, ...PASSIVE_SUBDIRECTIVES, BREAKER_SPEC];

/** The syntax lines for a directive's usage block. */
export const RESILIENCE_USAGE = [
  '    lb_retries <n>',
  '    lb_try_duration <duration>',
  '    lb_try_interval <duration>',
  '    retries {',
  '        tries <n>',
  '        try_duration <duration>',
  '        interval <duration>',
  '        statuses <status...>',
  '        on_timeout',
  '        budget <percent> [min <n>/s]',
  '    }',
  '    total_timeout <duration>',
  '    health_uri <path>',
  '    health_port <port>',
  '    health_method GET|HEAD',
  '    health_interval <duration>',
  '    health_timeout <duration>',
  '    health_status <status>|<n>xx|<from>-<to>',
  '    health_body <regexp>',
  '    health_header <field> <value>',
  '    health_passes <n>',
  '    health_fails <n>',
  '    outlier {',
  '        consecutive_failures <n>',
  '        window <duration>',
  '        base_ejection <duration>',
  '        max_ejection <duration>',
  '        max_ejection_percent <percent>',
  '        max_latency <duration>',
  '        statuses <status...>',
  '    }',
  '    fail_duration <duration>',
  '    max_fails <n>',
  '    unhealthy_status <status...>',
  '    unhealthy_latency <duration>',
  '    breaker {',
  '        max_connections <n>',
  '        max_pending <n>',
  '        max_requests <n>',
  '        retry_after <duration>',
  '    }',
];

/** Markdown bullets for the directive docs. */
export const RESILIENCE_DOCS = [...RETRY_DOCS, ...HEALTH_DOCS, ...OUTLIER_DOCS, ...BREAKER_DOCS];

export interface ResilienceSettings {
  readonly retry: RetryPlan;
  /** ProxyTimeoutsPlan.totalMs. */
  readonly totalTimeoutMs: number;
  readonly health: ActiveHealthPlan | null;
  readonly outlier: OutlierPlan | null;
  readonly breaker: CircuitBreakerPlan | null;
}

/** `transportLimit`: the transport's max_conns_per_host (null = none), for the breaker's max_pending check. */
export function bindResilience(sub: Grouped, transportLimit: number | null, ctx: BindContext): ResilienceSettings | null {
  const retry = bindRetry(sub, ctx);
  const health = bindHealth(sub, ctx);
  const outlier = bindOutlier(sub, ctx);
  const breaker = bindBreaker(lineOf(sub, 'breaker'), transportLimit, ctx);
  if (retry === null || health === null || outlier === null || breaker === null) return null;
  return { retry: retry.retry, totalTimeoutMs: retry.totalTimeoutMs, health: health.health, outlier: outlier.outlier, breaker: breaker.breaker };
}
