/**
 * Value globs of the `header` matcher: "*" matches anything present, "abc*" a prefix, "*abc" a suffix,
 * "*abc*" a substring, anything else the exact value. Compiled once into a string predicate.
 */
export type StringTest = (value: string) => boolean;

export function compileValueGlob(pattern: string): StringTest {
  if (pattern === '*') return () => true;
  const starts = pattern.startsWith('*');
  const ends = pattern.length > 1 && pattern.endsWith('*');
  const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return (v) => v.includes(core);
  if (starts) return (v) => v.endsWith(core);
  if (ends) return (v) => v.startsWith(core);
  return (v) => v === pattern;
}
