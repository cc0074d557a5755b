/**
 * When to restart a worker that exited without being asked to: at once the first time, then after a delay
 * that doubles with each crash in a row (capped), so a worker that dies at start does not spin the CPU. A
 * worker that served for STABLE_MS before dying starts the count again.
 */
export const FIRST_DELAY_MS = 100;
export const MAX_DELAY_MS = 10_000;
export const STABLE_MS = 10_000;

export class RestartBackoff {
  #crashesInARow = 0;

  /** Delay before restarting a worker that crashed after living `livedMs`. */
  next(livedMs: number): number {
    if (livedMs >= STABLE_MS) this.#crashesInARow = 0;
    const n = this.#crashesInARow++;
    if (n === 0) return 0;
    return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (n - 1));
  }
}
