/**
 * The health of one upstream as the balancer sees it: the verdict of active health checks and the ejection
 * deadline set by outlier detection. Lives on the runtime Upstream (`upstream.health`), so it is kept across
 * a reload together with the pool.
 *
 * Invariant: an upstream is available exactly when the active checks call it healthy and it is not ejected;
 * the counters only ever move through the methods below.
 */

/** Why an upstream is out of rotation, for errors, logs and `rws upstreams`. */
export type HealthState = 'healthy' | 'unhealthy' | 'ejected';

export class UpstreamHealth {
  /** Verdict of the active checks; true when they are off. */
  healthy = true;
  /** Date.now() until which outlier detection keeps the upstream out; 0 = not ejected. */
  ejectedUntil = 0;
  /** Ejections so far (each lasts twice as long as the one before, up to the maximum). */
  ejections = 0;
  /** What the last failed probe said, for logs and `rws upstreams`; null while probes pass. */
  lastProbeFailure: string | null = null;
  /** Consecutive passed / failed probes. */
  #passes = 0;
  #fails = 0;
  /** Outlier detection: consecutive failures (no window), or the times of the latest failures (a ring). */
  consecutiveFailures = 0;
  failureTimes: Float64Array | null = null;
  failureCursor = 0;

  /** Takes over another's state (the same upstream, rebuilt when DNS changed the pool's list). */
  adopt(previous: UpstreamHealth): void {
    this.healthy = previous.healthy;
    this.ejectedUntil = previous.ejectedUntil;
    this.ejections = previous.ejections;
    this.lastProbeFailure = previous.lastProbeFailure;
    this.#passes = previous.#passes;
    this.#fails = previous.#fails;
    this.consecutiveFailures = previous.consecutiveFailures;
    this.failureTimes = previous.failureTimes;
    this.failureCursor = previous.failureCursor;
  }

  available(now: number): boolean {
    return this.healthy && now >= this.ejectedUntil;
  }

  state(now: number): HealthState {
    if (!this.healthy) return 'unhealthy';
    return now < this.ejectedUntil ? 'ejected' : 'healthy';
  }

  /**
   * One probe's result; `passes` consecutive passes bring an unhealthy upstream back, `fails` consecutive
   * failures take a healthy one out. Returns true when the verdict changed.
   */
  probed(failure: string | null, passes: number, fails: number): boolean {
    if (failure === null) {
      this.#fails = 0;
      this.#passes++;
      this.lastProbeFailure = null;
      if (!this.healthy && this.#passes >= passes) {
        this.healthy = true;
        return true;
      }
      return false;
    }
    this.#passes = 0;
    this.#fails++;
    this.lastProbeFailure = failure;
    if (this.healthy && this.#fails >= fails) {
      this.healthy = false;
      return true;
    }
    return false;
  }
}
