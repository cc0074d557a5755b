import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../compiler/values/size.ts';
import { run } from './harness.ts';

describe('parseSize', () => {
  it.each([
    ['0', 0],
    ['512', 512],
    ['512B', 512],
    ['64KB', 64_000],
    ['64KiB', 65_536],
    ['64kib', 65_536],
    ['10MB', 10_000_000],
    ['1GiB', 1_073_741_824],
    ['1.5KiB', 1536],
    ['2TB', 2e12],
  ])('reads %s as %d bytes (KB = 1000, KiB = 1024)', (text, bytes) => {
    expect(run(parseSize, text)).toEqual({ value: bytes, errors: [] });
  });

  it('calls a bare K ambiguous and points at the unit', () => {
    expect(run(parseSize, '64K')).toEqual({
      value: null,
      errors: ['RWS3102 2-3 invalid size `64K`: unknown unit `K` | `K` is ambiguous: write `KB` (×1000) or `KiB` (×1024)'],
    });
  });

  it('lists the units for an unknown one', () => {
    expect(run(parseSize, '3bytes').errors).toEqual([
      'RWS3102 1-6 invalid size `3bytes`: unknown unit `bytes` | units: B, KB, MB, GB, TB (×1000) and KiB, MiB, GiB, TiB (×1024)',
    ]);
  });

  it('rejects words, negatives, fractions of a byte and sizes past 2^53', () => {
    expect(run(parseSize, 'big').errors).toEqual(['RWS3102 0-3 invalid size `big` | write a number of bytes with an optional unit, e.g. `512`, `64KB` or `10MiB`']);
    expect(run(parseSize, '-1KB').errors).toEqual(['RWS3102 0-4 invalid size `-1KB`: a size cannot be negative | write `0` for nothing at all']);
    expect(run(parseSize, '1.5').errors).toEqual(['RWS3102 0-3 invalid size `1.5`: not a whole number of bytes | write a whole number, or use a unit such as `1.5KB`']);
    expect(run(parseSize, '9000TiB').errors).toEqual(['RWS3102 0-7 invalid size `9000TiB`: too large | write a smaller size']);
  });
});
