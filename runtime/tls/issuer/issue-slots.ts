/**
 * A limit on concurrent orders per issuer: with dozens of names at start, a few orders finish early (their
 * sites serve at once) instead of all of them crawling together, and the CA sees a bounded burst.
 *
 * Invariant: at most `size` holders at a time (size only grows); waiters are served in arrival order; an
 * aborted waiter leaves the queue without taking a slot.
 */
export class IssueSlots {
  private size: number;
  private used = 0;
  private readonly queue: (() => void)[] = [];

  constructor(size: number) {
    this.size = size;
  }

  /** Allows more holders from now on (never fewer), starting queued waiters at once. */
  grow(size: number): void {
    if (size <= this.size) return;
    this.size = size;
    while (this.used < this.size && this.queue.length > 0) this.queue.shift()!();
  }

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.used++;
        resolve();
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  private release(): void {
    this.used--;
    this.queue.shift()?.();
  }
}
