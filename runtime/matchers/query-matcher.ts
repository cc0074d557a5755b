/** `query`: AND over keys; a key matches if any of its values equals one of the request's (`*` = present). */
import type { StringTest } from './glob.ts';

export function compileQuery(params: Readonly<Record<string, readonly string[]>>): StringTest {
  const keys = Object.entries(params).map(([key, values]) => ({
    key,
    any: values.includes('*'),
    values: new Set(values),
  }));
  return (query) => {
    const parsed = new URLSearchParams(query);
    for (const { key, any, values } of keys) {
      const got = parsed.getAll(key);
      if (got.length === 0) return false;
      if (any) continue;
      if (!got.some((v) => values.has(v))) return false;
    }
    return true;
  };
}
