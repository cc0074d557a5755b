import { describe, expect, it } from 'vitest';
import { isoTime } from '../../runtime/log/iso-time.ts';

describe('isoTime', () => {
  it('equals Date#toISOString, across second, day and year boundaries and in any order', () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 86_399_999, 86_400_000, 1_795_645_190_985, 1_795_645_190_999, 1_795_645_191_000, 1_795_645_190_005, 1_704_067_199_999, 1_704_067_200_000, -1, -1001, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001];
    for (const ms of [...samples, ...samples.toReversed()]) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    for (let ms = 1_795_645_190_000; ms < 1_795_645_193_000; ms += 7) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
