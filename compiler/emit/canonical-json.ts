/**
 * Canonical JSON: object keys sorted, no white space, `undefined` members dropped (as JSON.stringify does).
 * Two structurally equal values always give the same text, whatever order their keys were written in.
 *
 * Invariant: the output is valid JSON and depends only on the value, never on key insertion order.
 * (Built on the native JSON.stringify with a replacer that re-orders only objects whose keys are not already
 * sorted: several times faster than serialising by hand for a plan of thousands of sites.)
 */

/** Keys for which `omit(key)` is true are left out at every depth (e.g. `origin` when hashing a plan). */
export function canonicalJson(value: unknown, omit?: (key: string) => boolean): string {
  const replacer = function (this: unknown, key: string, item: unknown): unknown {
    if (omit !== undefined && key !== '' && !Array.isArray(this) && omit(key)) return undefined;
    return sorted(item);
  };
  return JSON.stringify(value, replacer) ?? 'null';
}

function sorted(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  const keys = Object.keys(record);
  let i = 1;
  while (i < keys.length && keys[i - 1] < keys[i]) i++;
  if (i >= keys.length) return item;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = record[key];
  return out;
}
