/**
 * Sizes in bytes: `512`, `64KB`, `64KiB`, `10MB`, `1.5GiB`. KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB
 * powers of 1024; units are case-insensitive.
 *
 * Invariant: the result is a whole, non-negative, safe integer number of bytes.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';

/** Also read by the TextMate grammar generator (grammar/). */
export const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)([a-zA-Z]*)$/;

/** Parse a size into bytes; reports RWS3102 and returns null when invalid. */
export function parseSize(arg: Arg, r: Reporter): number | null {
  const text = arg.value;
  const fail = (message: string, hint: string, start = 0, end = text.length): null => {
    r.error('RWS3102', message, valueSpan(arg, start, end), { hint });
    return null;
  };
  if (text.startsWith('-')) return fail(`invalid size \`${text}\`: a size cannot be negative`, 'write `0` for nothing at all');
  const m = SIZE.exec(text);
  if (m === null) return fail(`invalid size \`${text}\``, 'write a number of bytes with an optional unit, e.g. `512`, `64KB` or `10MiB`');
  const [, number, unit] = m;
  const unitStart = number.length;
  const factor = unit === '' ? 1 : UNIT_BYTES[unit.toLowerCase()];
  if (factor === undefined) {
    const hint = /^[kmgt]$/i.test(unit)
      ? `\`${unit}\` is ambiguous: write \`${unit.toUpperCase()}B\` (×1000) or \`${unit.toUpperCase()}iB\` (×1024)`
      : 'units: B, KB, MB, GB, TB (×1000) and KiB, MiB, GiB, TiB (×1024)';
    return fail(`invalid size \`${text}\`: unknown unit \`${unit}\``, hint, unitStart, unitStart + unit.length);
  }
  const bytes = Number(number) * factor;
  if (factor === 1 && !Number.isInteger(bytes)) return fail(`invalid size \`${text}\`: not a whole number of bytes`, 'write a whole number, or use a unit such as `1.5KB`');
  const rounded = Math.round(bytes);
  if (!Number.isSafeInteger(rounded)) return fail(`invalid size \`${text}\`: too large`, 'write a smaller size');
  return rounded;
}
