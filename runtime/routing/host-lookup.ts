/** HostTable lookup: exact name, then a wildcard for the parent domain (one extra label), then the catch-all. */
import type { HostTable } from '../plan/plan.ts';

export type HostMatchKind = 'exact' | 'wildcard' | 'catch-all';

export interface HostMatch {
  readonly site: number;
  readonly how: HostMatchKind;
}

/** `host` must already be normalised (lower-case, no port, no trailing dot). */
export function lookupHost(table: HostTable, host: string): HostMatch | null {
  const exact = table.exact[host];
  if (exact !== undefined && Object.hasOwn(table.exact, host)) return { site: exact, how: 'exact' };
  const dot = host.indexOf('.');
  if (dot > 0) {
    const parent = host.slice(dot + 1);
    const wildcard = table.wildcard[parent];
    if (wildcard !== undefined && Object.hasOwn(table.wildcard, parent)) return { site: wildcard, how: 'wildcard' };
  }
  if (table.catchAll !== null) return { site: table.catchAll, how: 'catch-all' };
  return null;
}
