/**
 * Canonical JSON: object keys sorted, no white space, `undefined` members dropped (as JSON.stringify does).
 * Two structurally equal values always give the same text, whatever order their keys were written in.
 *
 * Invariant: the output is valid JSON and depends only on the value, never on key insertion order.
 */

const quotedKeys = new Map<string, string>();

/** Keys for which `omit(key)` is true are left out at every depth (e.g. `origin` when hashing a plan). */
export function canonicalJson(value: unknown, omit?: (key: string) => boolean): string {
  return write(value, omit);
}

function write(value: unknown, omit: ((key: string) => boolean) | undefined): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return typeof value === 'number' || typeof value === 'boolean' ? String(value === value ? value : null) : 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'function' ? 'null' : write(item, omit);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function' || (omit !== undefined && omit(key))) continue;
    let quoted = quotedKeys.get(key);
    if (quoted === undefined) {
      quoted = `${JSON.stringify(key)}:`;
      if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
    }
    out += (first ? quoted : `,${quoted}`) + write(item, omit);
    first = false;
  }
  return out + '}';
}
