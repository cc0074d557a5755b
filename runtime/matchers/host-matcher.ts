/** `host`: the request host in a set of exact names, or one label below a wildcard's parent domain. */
import type { StringTest } from './glob.ts';

export function compileHosts(exact: readonly string[], wildcard: readonly string[]): StringTest {
  const names = new Set(exact.map((h) => h.toLowerCase()));
  const parents = new Set(wildcard.map((w) => (w.startsWith('*.') ? w.slice(2) : w).toLowerCase()));
  if (parents.size === 0) return (host) => names.has(host);
  return (host) => {
    if (names.has(host)) return true;
    const dot = host.indexOf('.');
    return dot > 0 && parents.has(host.slice(dot + 1));
  };
}
