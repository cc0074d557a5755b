/**
 * Deep freeze for plain data (the plan): every nested object and array becomes immutable.
 *
 * Invariant: returns its argument with every object reachable from it frozen. An object that is already frozen
 * is taken to be deep-frozen (only deepFreeze freezes plan data), so shared subtrees are walked once.
 */
export function deepFreeze<T>(value: T): T {
  freeze(value);
  return value;
}

function freeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) freeze(item);
    return;
  }
  for (const key in value) freeze((value as Record<string, unknown>)[key]);
}
