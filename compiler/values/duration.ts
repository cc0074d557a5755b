/**
 * Durations: `500ms`, `10s`, `1m30s`, `2h`, `1d`, `1.5s`; `0` alone needs no unit.
 *
 * Invariant: the result is whole milliseconds in [0, MAX_DURATION_MS], the range Node timers accept.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';

/** Also read by the TextMate grammar generator (grammar/). */
export const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** setTimeout's upper bound (2^31 - 1 ms, about 24.8 days): longer timers fire after 1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const PART = /(\d+(?:\.\d+)?|\.\d+)([a-zA-Zµ]*)/y;

/** Parse a duration into milliseconds; reports RWS3101 and returns null when invalid. */
export function parseDuration(arg: Arg, r: Reporter): number | null {
  const text = arg.value;
  const fail = (message: string, hint: string, start = 0, end = text.length): null => {
    r.error('RWS3101', message, valueSpan(arg, start, end), { hint });
    return null;
  };
  if (text === '0') return 0;
  if (text.startsWith('-')) return fail(`invalid duration \`${text}\`: a duration cannot be negative`, 'write `0` for no time at all');
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    return fail(`invalid duration \`${text}\`: missing a unit`, `write \`${text}s\` for seconds or \`${text}ms\` for milliseconds (units: ms, s, m, h, d)`);
  }
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (m === null) {
      return fail(`invalid duration \`${text}\``, 'write a number with a unit, e.g. `500ms`, `10s` or `1m30s`', pos);
    }
    const [whole, number, unit] = m;
    const unitStart = pos + number.length;
    if (unit === '') return fail(`invalid duration \`${text}\`: \`${number}\` has no unit`, 'units: ms, s, m, h, d, e.g. `1m30s`', pos, unitStart);
    const factor = UNIT_MS[unit];
    if (factor === undefined) {
      return fail(`invalid duration \`${text}\`: unknown unit \`${unit}\``, 'units: ms, s, m, h, d, e.g. `1m30s`', unitStart, unitStart + unit.length);
    }
    total += Number(number) * factor;
    pos += whole.length;
  }
  const ms = Math.round(total);
  if (ms > MAX_DURATION_MS) return fail(`invalid duration \`${text}\`: longer than the maximum of 24d`, 'timers cannot wait longer than about 24.8 days; use `24d` or less');
  return ms;
}

/** Print milliseconds as the shortest duration this parser reads back: 90000 → `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  let rest = ms;
  let out = '';
  for (const [unit, factor] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / factor);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * factor;
    }
  }
  return out;
}
