/** Medians, spreads and ratios over rounds: the only arithmetic the report does. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Half the min–max range as a percentage of the median: "±4%" means rounds landed within about 4% of it. */
export function spreadPct(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = median(xs);
  if (!(m > 0)) return 0;
  return ((Math.max(...xs) - Math.min(...xs)) / 2 / m) * 100;
}

export interface RatioSummary {
  /** median(contestant) / median(baseline). */
  readonly ratio: number;
  /** Smallest and largest per-round ratio (contestant and baseline measured back to back in one round). */
  readonly low: number;
  readonly high: number;
}

/** Ratio of medians, with the range of the per-round ratios so the noise on the ratio itself is visible. */
export function ratioOf(contestant: readonly number[], baseline: readonly number[]): RatioSummary {
  const perRound: number[] = [];
  for (let i = 0; i < Math.min(contestant.length, baseline.length); i++) {
    if (baseline[i] > 0) perRound.push(contestant[i] / baseline[i]);
  }
  const b = median(baseline);
  return {
    ratio: b > 0 ? median(contestant) / b : Number.NaN,
    low: perRound.length > 0 ? Math.min(...perRound) : Number.NaN,
    high: perRound.length > 0 ? Math.max(...perRound) : Number.NaN,
  };
}
