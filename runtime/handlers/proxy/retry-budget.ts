/**
 * A retry budget (Finagle's and Linkerd's): retries may add at most `ratio` of the pool's recent requests,
 * plus `minPerSec` per second, so that when an upstream set fails wholesale the proxy does not multiply its
 * load by the number of tries.
 *
 * Counts are kept in one-second buckets over the last WINDOW_SEC seconds: a ring of counters, no timers.
 *
 * Invariant: over any window, retries granted ≤ ratio × first tries + minPerSec × WINDOW_SEC (+1 for the
 * bucket boundary).
 */

export const WINDOW_SEC = 10;

export class RetryBudget {
  readonly #ratio: number;
  readonly #floor: number;
  readonly #requests = new Float64Array(WINDOW_SEC);
  readonly #retries = new Float64Array(WINDOW_SEC);
  /** The second (Date.now() / 1000, floored) the current bucket counts. */
  #second = 0;
  /** Retries granted and refused since the pool started, for metrics and `rws upstreams`. */
  granted = 0;
  refused = 0;

  constructor(ratio: number, minPerSec: number) {
    this.#ratio = ratio;
    this.#floor = minPerSec * WINDOW_SEC;
  }

  /** A request's first try. */
  request(now: number): void {
    this.#requests[this.#advance(now)]++;
  }

  /** Takes one retry from the budget; false when it is spent. */
  withdraw(now: number): boolean {
    const bucket = this.#advance(now);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < WINDOW_SEC; i++) {
      requests += this.#requests[i];
      retries += this.#retries[i];
    }
    if (retries + 1 > this.#ratio * requests + this.#floor) {
      this.refused++;
      return false;
    }
    this.#retries[bucket]++;
    this.granted++;
    return true;
  }

  /** The bucket for `now`, clearing the buckets of the seconds that passed since the last call. */
  #advance(now: number): number {
    const second = Math.floor(now / 1000);
    const passed = second - this.#second;
    if (passed > 0) {
      const clear = Math.min(passed, WINDOW_SEC);
      for (let i = 1; i <= clear; i++) {
        const b = (this.#second + i) % WINDOW_SEC;
        this.#requests[b] = 0;
        this.#retries[b] = 0;
      }
      this.#second = second;
    }
    return this.#second % WINDOW_SEC;
  }
}
