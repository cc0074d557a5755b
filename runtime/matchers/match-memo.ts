/**
 * One request's matcher results, in the slots of match-slots.ts: each entry holds the matcher it belongs to
 * and its result, so a slot shared by two matchers is a miss (evaluate again), never the other one's answer.
 * The entries are allocated with the first result stored: a request that runs no matcher allocates nothing.
 */

export const UNKNOWN = 0;
export const MATCHED = 1;
export const NOT_MATCHED = 2;
export type MatchResult = typeof UNKNOWN | typeof MATCHED | typeof NOT_MATCHED;

export class MatchMemo {
  readonly #size: number;
  /** Matcher index → slot; null = the index is the slot (a memo as large as the plan's matcher list). */
  readonly #slotOf: Int32Array | null;
  /** (matcher index + 1) × 4 + result, 0 for an empty slot. */
  #entries: Int32Array | null = null;

  constructor(size: number, slotOf: Int32Array | null) {
    this.#size = size;
    this.#slotOf = slotOf;
  }

  get(index: number): MatchResult {
    const entries = this.#entries;
    if (entries === null) return UNKNOWN;
    const entry = entries[this.#slot(index)];
    return entry >> 2 === index + 1 ? ((entry & 3) as MatchResult) : UNKNOWN;
  }

  set(index: number, result: typeof MATCHED | typeof NOT_MATCHED): void {
    const slot = this.#slot(index);
    // A matcher outside the slots this memo was sized for (not reachable from the site): not remembered.
    if (slot >= this.#size) return;
    (this.#entries ??= new Int32Array(this.#size))[slot] = (index + 1) * 4 + result;
  }

  /** Forgets the results of these matchers (those that read the URI, after a rewrite). */
  forget(indices: readonly number[]): void {
    const entries = this.#entries;
    if (entries === null) return;
    for (const index of indices) {
      const slot = this.#slot(index);
      if (entries[slot] >> 2 === index + 1) entries[slot] = 0;
    }
  }

  /** The results as an array indexed like Plan.matchers (`count` entries, 0 where unknown). */
  snapshot(count: number): Uint8Array {
    const out = new Uint8Array(count);
    const entries = this.#entries;
    if (entries === null) return out;
    for (const entry of entries) {
      const index = (entry >> 2) - 1;
      if (index >= 0 && index < count) out[index] = entry & 3;
    }
    return out;
  }

  #slot(index: number): number {
    return this.#slotOf === null ? index : this.#slotOf[index];
  }
}
