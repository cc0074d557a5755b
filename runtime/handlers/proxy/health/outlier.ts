/**
 * Passive health checks (outlier detection, after Envoy's): the results of real requests eject an upstream
 * that keeps failing for a back-off period.
 *
 * A failure is a connect error, a timeout, a broken exchange, a response status in `failureStatuses`, or a
 * response head slower than `maxLatencyMs` (when set).
 * Without a window, `consecutiveFailures` failures in a row eject (any success resets the count); with a
 * window, that many failures within `windowMs` eject, whatever succeeded in between. The first ejection of
 * an upstream lasts `baseEjectionMs`, each further one twice the one before, up to `maxEjectionMs`; an
 * upstream that stays in for `maxEjectionMs` after its last ejection starts again from the base.
 *
 * Invariant: never more than `maxEjectionPercent` of the pool's upstreams are ejected at once, except that a
 * pool of two or more may always eject one (unless the percentage is 0); a lone upstream is ejected only at
 * 100%; an ejection ends by time alone, no request is needed to end it.
 */
import type { OutlierPlan } from '../../../plan/plan.ts';
import type { UpstreamHealth } from './upstream-health.ts';

export class OutlierDetector {
  readonly #plan: OutlierPlan;
  readonly #members: readonly UpstreamHealth[];
  readonly #statuses: ReadonlySet<number>;
  readonly #maxEjected: number;
  /** Responses slower than this are failures; 0 = not judged (then no try needs timing). */
  readonly maxLatencyMs: number;

  /** `members`: the health of every upstream of the pool (the percentage is of these). */
  constructor(plan: OutlierPlan, members: readonly UpstreamHealth[]) {
    this.#plan = plan;
    this.#members = members;
    this.#statuses = new Set(plan.failureStatuses);
    this.maxLatencyMs = plan.maxLatencyMs;
    // A small pool may still eject one upstream (10% of 5 is 0), but never its only one below 100%.
    const share = Math.floor((members.length * plan.maxEjectionPercent) / 100);
    this.#maxEjected = share === 0 && plan.maxEjectionPercent > 0 && members.length > 1 ? 1 : share;
  }

  /** A response with this status, whose head took `elapsedMs` since dispatch, counts as a failure. */
  isFailure(status: number, elapsedMs: number): boolean {
    return this.#statuses.has(status) || (this.maxLatencyMs > 0 && elapsedMs > this.maxLatencyMs);
  }

  /** A request got a response that is not a failure. */
  succeeded(health: UpstreamHealth): void {
    if (this.#plan.windowMs === 0) health.consecutiveFailures = 0;
  }

  /** A request failed on this upstream; returns the ejection's length in ms when it ejected the upstream, else 0. */
  failed(health: UpstreamHealth, now: number): number {
    if (now < health.ejectedUntil) return 0; // already out: a request that started before the ejection
    if (!this.#threshold(health, now)) return 0;
    if (this.#ejectedCount(now) >= this.#maxEjected) return 0;
    const plan = this.#plan;
    if (health.ejections > 0 && now - health.ejectedUntil > plan.maxEjectionMs) health.ejections = 0;
    const ms = Math.min(plan.baseEjectionMs * 2 ** health.ejections, plan.maxEjectionMs);
    health.ejections++;
    health.ejectedUntil = now + ms;
    health.consecutiveFailures = 0;
    health.failureTimes?.fill(Number.NEGATIVE_INFINITY);
    return ms;
  }

  /** Records the failure; true when the upstream has now failed often enough to be ejected. */
  #threshold(health: UpstreamHealth, now: number): boolean {
    const plan = this.#plan;
    if (plan.windowMs === 0) return ++health.consecutiveFailures >= plan.consecutiveFailures;
    // A ring of the latest `consecutiveFailures` failure times: eject when the oldest is inside the window.
    let times = health.failureTimes;
    if (times === null || times.length !== plan.consecutiveFailures) {
      times = health.failureTimes = new Float64Array(plan.consecutiveFailures).fill(Number.NEGATIVE_INFINITY);
      health.failureCursor = 0;
    }
    times[health.failureCursor] = now;
    health.failureCursor = (health.failureCursor + 1) % times.length;
    return times[health.failureCursor] > now - plan.windowMs;
  }

  #ejectedCount(now: number): number {
    let count = 0;
    for (const m of this.#members) if (now < m.ejectedUntil) count++;
    return count;
  }
}
