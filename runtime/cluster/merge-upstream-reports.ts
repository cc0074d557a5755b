/**
 * The cluster's view of its upstreams for `GET /upstreams`: each worker has its own pools (connections,
 * health checks, ejections), so the rows of one upstream are merged — loads and counts summed, and the
 * upstream shown healthy only when every worker has it in rotation.
 *
 * Invariant: one row per (pool, upstream), in the order they first appear.
 */
import type { UpstreamReport } from '../handlers/proxy/upstream-metrics.ts';

/** Worst first: a state earlier in this list wins when workers disagree. */
const SEVERITY = ['ejected', 'unhealthy'];

export function mergeUpstreamReports(perWorker: readonly (readonly UpstreamReport[])[]): UpstreamReport[] {
  const merged = new Map<string, UpstreamReport>();
  for (const rows of perWorker) {
    for (const row of rows) {
      const key = `${row.pool}\u0000${row.upstream}`;
      const seen = merged.get(key);
      merged.set(key, seen === undefined ? row : combine(seen, row));
    }
  }
  return [...merged.values()];
}

function combine(a: UpstreamReport, b: UpstreamReport): UpstreamReport {
  return {
    pool: a.pool,
    upstream: a.upstream,
    weight: a.weight,
    healthy: a.healthy && b.healthy,
    state: worse(a.state, b.state),
    inFlight: a.inFlight + b.inFlight,
    openConnections: a.openConnections + b.openConnections,
    requests: a.requests + b.requests,
    failures: a.failures + b.failures,
    ejectedUntil: later(a.ejectedUntil, b.ejectedUntil),
  };
}

function worse(a: string, b: string): string {
  const rank = (s: string): number => {
    const i = SEVERITY.indexOf(s);
    return i === -1 ? SEVERITY.length : i;
  };
  return rank(b) < rank(a) ? b : a;
}

/** ISO times compare as strings. */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}
