/**
 * A listener's HostTable as Maps, built once at provision: the per-request lookup of a host name that was
 * just read from a header (a fresh string) costs a hash and a compare, where a property lookup on the
 * plan's frozen table would first have to intern the string.
 *
 * Invariant: same answers as lookupHost (host-lookup.ts): exact name, then the wildcard of the parent domain
 * (one extra label), then the catch-all; -1 when no site serves the host.
 */
import { normalizeHost } from '../http/host.ts';
import type { HostTable } from '../plan/plan.ts';

/** A Host / :authority value resolved to its normalised host and its site. */
export interface HostResolution {
  readonly authority: string;
  readonly host: string;
  readonly site: number;
}

export class HostIndex {
  private readonly exact: ReadonlyMap<string, number>;
  private readonly wildcard: ReadonlyMap<string, number>;
  private readonly catchAll: number;
  /**
   * The last authority resolved: clients on a keep-alive connection (and most traffic of a listener) repeat
   * the same Host header, and comparing it with the previous one is cheaper than normalising and hashing it.
   */
  private last: HostResolution;

  constructor(table: HostTable) {
    this.exact = new Map(Object.entries(table.exact));
    this.wildcard = new Map(Object.entries(table.wildcard));
    this.catchAll = table.catchAll ?? -1;
    this.last = { authority: '', host: '', site: this.lookup('') };
  }

  /** The site serving a Host / :authority value as received (any case, with a port, a trailing dot…). */
  resolve(authority: string): HostResolution {
    const last = this.last;
    if (authority === last.authority) return last;
    const host = normalizeHost(authority);
    const resolved: HostResolution = { authority, host, site: this.lookup(host) };
    this.last = resolved;
    return resolved;
  }

  /** The site index for a normalised host (lower-case, no port, no trailing dot); -1 for none. */
  lookup(host: string): number {
    if (this.exact.size !== 0) {
      const exact = this.exact.get(host);
      if (exact !== undefined) return exact;
    }
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
