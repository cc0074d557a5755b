import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../compiler/values/duration.ts';
import { run } from './harness.ts';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
    ['1h0m5s', 3_605_000],
    ['24d', 24 * 86_400_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(run(parseDuration, text)).toEqual({ value: ms, errors: [] });
  });

  it('rejects a plain number with a hint to add a unit', () => {
    expect(run(parseDuration, '10')).toEqual({
      value: null,
      errors: ['RWS3101 0-2 invalid duration `10`: missing a unit | write `10s` for seconds or `10ms` for milliseconds (units: ms, s, m, h, d)'],
    });
  });

  it('points at an unknown unit', () => {
    expect(run(parseDuration, '10sec').errors).toEqual(['RWS3101 2-5 invalid duration `10sec`: unknown unit `sec` | units: ms, s, m, h, d, e.g. `1m30s`']);
    expect(run(parseDuration, '1m30x').errors).toEqual(['RWS3101 4-5 invalid duration `1m30x`: unknown unit `x` | units: ms, s, m, h, d, e.g. `1m30s`']);
  });

  it('rejects a number without a unit after another part', () => {
    expect(run(parseDuration, '1m30').errors).toEqual(['RWS3101 2-4 invalid duration `1m30`: `30` has no unit | units: ms, s, m, h, d, e.g. `1m30s`']);
  });

  it('rejects words, negatives and durations longer than timers allow', () => {
    expect(run(parseDuration, 'soon').errors).toEqual(['RWS3101 0-4 invalid duration `soon` | write a number with a unit, e.g. `500ms`, `10s` or `1m30s`']);
    expect(run(parseDuration, '-5s').errors).toEqual(['RWS3101 0-3 invalid duration `-5s`: a duration cannot be negative | write `0` for no time at all']);
    expect(run(parseDuration, '30d').errors).toEqual([
      'RWS3101 0-3 invalid duration `30d`: longer than the maximum of 24d | timers cannot wait longer than about 24.8 days; use `24d` or less',
    ]);
  });

  it('points inside a quoted argument past the quote', () => {
    expect(run(parseDuration, '5y', 'quoted').errors).toEqual(['RWS3101 2-3 invalid duration `5y`: unknown unit `y` | units: ms, s, m, h, d, e.g. `1m30s`']);
  });

  it('formats milliseconds back to a duration it reads', () => {
    expect([0, 500, 90_000, 86_400_001].map(formatDuration)).toEqual(['0', '500ms', '1m30s', '1d1ms']);
  });
});
