/**
 * The live pools of one Server, kept across reloads. A plan acquires its pools when it is provisioned and
 * releases them when it is retired (after its requests drained); a pool whose plan is unchanged (same
 * canonical JSON without `origin`) is the same live pool in the old and the new plan, so its connections,
 * in-flight counts, health and ejections carry over. A pool is closed when the last plan using it lets go.
 *
 * Invariant: one live pool per distinct pool key; a pool is closed only once no provisioned plan holds it.
 */
import type { Logger } from 'pino';
import type { UpstreamPoolPlan } from '../../plan/plan.ts';
import { UpstreamPool } from './pool.ts';
import { UpstreamTallies } from './upstream-metrics.ts';

interface Entry {
  readonly pool: UpstreamPool;
  holders: number;
}

export class PoolRegistry {
  readonly #byKey = new Map<string, Entry>();
  readonly #keyOf = new Map<UpstreamPool, string>();
  readonly #logger: Logger | null;
  /** Per-upstream figures, kept for the Server's lifetime (counters never go back across reloads). */
  readonly tallies = new UpstreamTallies();

  /** `logger`: given to the pools (health transitions, ejections). */
  constructor(logger: Logger | null = null) {
    this.#logger = logger;
  }

  /** The live pool for `plan` (created if needed); pair each call with one release(). */
  acquire(plan: UpstreamPoolPlan): UpstreamPool {
    const key = poolKey(plan);
    let entry = this.#byKey.get(key);
    if (entry === undefined) {
      entry = { pool: new UpstreamPool(plan, this.#logger, this.tallies), holders: 0 };
      this.#byKey.set(key, entry);
      this.#keyOf.set(entry.pool, key);
    }
    entry.holders++;
    return entry.pool;
  }

  /** One holder lets go; the last one closes the pool (the promise settles when it is closed). */
  release(pool: UpstreamPool): Promise<void> {
    const key = this.#keyOf.get(pool);
    const entry = key === undefined ? undefined : this.#byKey.get(key);
    if (key === undefined || entry === undefined || entry.pool !== pool) return Promise.resolve();
    if (--entry.holders > 0) return Promise.resolve();
    this.#byKey.delete(key);
    this.#keyOf.delete(pool);
    return pool.close();
  }

  /** Every live pool, in the order they were first acquired. */
  pools(): UpstreamPool[] {
    return [...this.#byKey.values()].map((e) => e.pool);
  }
}

/** Canonical JSON (sorted keys) of the pool plan without `origin` fields: equal keys ⇔ same live pool. */
export function poolKey(plan: UpstreamPoolPlan): string {
  return JSON.stringify(plan, (key, value: unknown) => {
    if (key === 'origin') return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) sorted[k] = (value as Record<string, unknown>)[k];
    return sorted;
  });
}
