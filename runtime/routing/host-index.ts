/**
 * A listener's HostTable as Maps, built once at provision: the per-request lookup of a host name that was
 * just read from a header (a fresh string) costs a hash and a compare, where a property lookup on the
 * plan's frozen table would first have to intern the string.
 *
 * Invariant: same answers as lookupHost (host-lookup.ts): exact name, then the wildcard of the parent domain
 * (one extra label), then the catch-all; -1 when no site serves the host.
 */
import type { HostTable } from '../plan/plan.ts';

export class HostIndex {
  private readonly exact: ReadonlyMap<string, number>;
  private readonly wildcard: ReadonlyMap<string, number>;
  private readonly catchAll: number;

  constructor(table: HostTable) {
    this.exact = new Map(Object.entries(table.exact));
    this.wildcard = new Map(Object.entries(table.wildcard));
    this.catchAll = table.catchAll ?? -1;
  }

  /** The site index for a normalised host (lower-case, no port, no trailing dot); -1 for none. */
  lookup(host: string): number {
    const exact = this.exact.get(host);
    if (exact !== undefined) return exact;
    if (this.wildcard.size !== 0) {
      const dot = host.indexOf('.');
      if (dot > 0) {
        const wildcard = this.wildcard.get(host.slice(dot + 1));
        if (wildcard !== undefined) return wildcard;
      }
    }
    return this.catchAll;
  }
}
