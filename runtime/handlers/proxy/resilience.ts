/**
 * The live resilience state of one upstream pool: its circuit breaker, outlier detector, retry budget and
 * active health checker, built from the pool's plan. Lives on the UpstreamPool, so it is kept across a reload
 * together with the pool (same plan, same counters, same ejections).
 *
 * Invariant: a part is null exactly when the plan turns it off (no per-request work for it then); the health
 * checker runs from start() until close(), which the pool calls when it closes; when DNS changes the pool's
 * upstreams, an upstream that stays keeps its health and ejection state.
 */
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { UpstreamPoolPlan } from '../../plan/plan.ts';
import { CircuitBreaker } from './breaker.ts';
import { ActiveHealthChecker, type CheckerOptions } from './health/active-checker.ts';
import { OutlierDetector } from './health/outlier.ts';
import type { UpstreamHealth } from './health/upstream-health.ts';
import { RetryBudget } from './retry-budget.ts';

/** What resilience needs of an upstream (the runtime Upstream has all of it). */
export interface ResilientUpstream {
  /** The plan's URL: the upstream's identity across a DNS refresh. */
  readonly url: string;
  readonly origin: string;
  readonly hostPort: string;
  readonly serverName: string | null;
  readonly health: UpstreamHealth;
  readonly dispatcher: Dispatcher;
  readonly inFlight: number;
}

export interface ResilienceOptions {
  readonly logger: Logger | null;
  /** Opens a dispatcher to another origin with the pool's transport (health_port probes). */
  readonly open: CheckerOptions['open'];
}

export class PoolResilience {
  readonly breaker: CircuitBreaker | null;
  /** Replaced (with the same plan) when the pool's upstreams change. */
  outlier: OutlierDetector | null;
  /** Null when the pool never retries. */
  readonly budget: RetryBudget | null;
  readonly #plan: UpstreamPoolPlan;
  readonly #options: ResilienceOptions;
  #checker: ActiveHealthChecker | null;
  #started = false;

  constructor(plan: UpstreamPoolPlan, upstreams: readonly ResilientUpstream[], options: ResilienceOptions) {
    this.#plan = plan;
    this.#options = options;
    this.breaker = plan.breaker === null ? null : new CircuitBreaker(plan.breaker, plan.transport);
    this.budget = plan.retry.tries === 0 ? null : new RetryBudget(plan.retry.budget.ratio, plan.retry.budget.minPerSec);
    this.outlier = this.#detector(upstreams);
    this.#checker = this.#healthChecker(upstreams);
  }

  /** Starts the active health checks, if any. */
  start(): void {
    this.#started = true;
    this.#checker?.start();
  }

  /** The pool's upstreams were rebuilt (DNS): carry each one's state over by URL, check the new list. */
  replaceUpstreams(old: readonly ResilientUpstream[], next: readonly ResilientUpstream[]): void {
    const before = new Map(old.map((u) => [u.url, u.health]));
    for (const u of next) {
      const previous = before.get(u.url);
      if (previous !== undefined) u.health.adopt(previous);
    }
    this.outlier = this.#detector(next);
    const retired = this.#checker;
    this.#checker = this.#healthChecker(next);
    void retired?.close();
    if (this.#started) this.#checker?.start();
  }

  close(): Promise<void> {
    this.#started = false;
    return this.#checker?.close() ?? Promise.resolve();
  }

  #detector(upstreams: readonly ResilientUpstream[]): OutlierDetector | null {
    const plan = this.#plan.outlier;
    return plan === null ? null : new OutlierDetector(plan, upstreams.map((u) => u.health));
  }

  #healthChecker(upstreams: readonly ResilientUpstream[]): ActiveHealthChecker | null {
    const plan = this.#plan.health;
    if (plan === null) return null;
    return new ActiveHealthChecker(plan, upstreams, { pool: this.#plan.name, logger: this.#options.logger, open: this.#options.open });
  }
}
