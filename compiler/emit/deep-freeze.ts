/**
 * Deep freeze for plain data (the plan): every nested object and array becomes immutable.
 *
 * Invariant: returns its argument with every object reachable from it frozen. An object that is already frozen
 * is taken to be deep-frozen (plan data is frozen only here and by writeCanonicalJson's `freeze`, both of which
 * freeze a whole subtree), so shared subtrees are walked once. Iterative: no depth limit.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object' || Object.isFrozen(item)) continue;
    Object.freeze(item);
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) stack.push(item[i]);
    } else {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) stack.push(record[keys[i]]);
    }
  }
  return value;
}
