/**
 * Whole numbers with an optional range.
 *
 * Invariant: the result is a safe integer within [min, max] when those are given.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';

export interface IntRange {
  readonly min?: number;
  readonly max?: number;
}

/** Parse a decimal integer; reports RWS3103 and returns null when invalid or out of range. */
export function parseInteger(arg: Arg, r: Reporter, range: IntRange = {}): number | null {
  const text = arg.value;
  if (!/^[-+]?\d+$/.test(text)) {
    r.error('RWS3103', `invalid number \`${text}\`: expected a whole number`, arg.span, { hint: `write digits only, e.g. \`${range.min ?? 1}\`` });
    return null;
  }
  const n = Number(text);
  const { min, max } = range;
  if (!Number.isSafeInteger(n) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
    r.error('RWS3103', `number \`${text}\` is out of range: ${describeRange(range)}`, arg.span);
    return null;
  }
  return n;
}

export function describeRange({ min, max }: IntRange): string {
  if (min !== undefined && max !== undefined) return `must be between ${min} and ${max}`;
  if (min !== undefined) return `must be at least ${min}`;
  if (max !== undefined) return `must be at most ${max}`;
  return 'too large';
}
