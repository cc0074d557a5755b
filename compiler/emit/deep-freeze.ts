/**
 * Deep freeze for plain data (the plan): every nested object and array becomes immutable.
 *
 * Invariant: returns its argument; every object reachable from it is frozen, shared subtrees are walked once.
 */
export function deepFreeze<T>(value: T): T {
  freeze(value, new Set());
  return value;
}

function freeze(value: unknown, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  Object.freeze(value);
  for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key], seen);
}
