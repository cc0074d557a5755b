/**
 * Canonical JSON: object keys sorted, no white space, `undefined` members dropped (as JSON.stringify does).
 * Two structurally equal values always give the same text, whatever order their keys were written in.
 *
 * Invariant: the output is valid JSON and depends only on the value, never on key insertion order.
 */

/** Keys for which `omit(key)` is true are left out at every depth (e.g. `origin` when hashing a plan). */
export function canonicalJson(value: unknown, omit?: (key: string) => boolean): string {
  const out: string[] = [];
  write(value, omit, out);
  return out.join('');
}

function write(value: unknown, omit: ((key: string) => boolean) | undefined, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function') out.push('null');
      else write(item, omit, out);
    }
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function' || (omit !== undefined && omit(key))) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(item, omit, out);
  }
  out.push('}');
}
