/**
 * Per-upstream figures: requests by status class, failures by reason and the time to the response head, kept
 * as plain numbers on each upstream's tally (the exchange bumps fields; nothing hashes labels per request),
 * turned into Prometheus metrics when scraped and into the `GET /upstreams` report.
 *
 * Metric names and labels are stable API:
 *   rws_upstream_requests_total{pool,upstream,code_class}   counter; code_class 1xx..5xx
 *   rws_upstream_failures_total{pool,upstream,reason}       counter; reason: connect, header_timeout, read_timeout,
 *                                                           total_timeout, broken (failed tries, retried or not)
 *   rws_upstream_duration_seconds{pool,upstream}            histogram: dispatch to response head
 *   rws_upstream_healthy{pool,upstream}                     gauge: 1 in rotation, 0 down or ejected
 *   rws_upstream_in_flight{pool,upstream}                   gauge: requests dispatched and not finished
 *   rws_upstream_open_connections{pool,upstream}            gauge: connections open to the upstream
 *   rws_upstream_retries_total{pool,outcome}                counter; outcome: granted, refused (by the retry
 *                                                           budget); since the live pool started
 *
 * Invariant: a tally is keyed by (pool name, upstream URL) and lives as long as the Server, so counters never
 * go back across reloads or DNS changes; gauges show only the pools live now.
 */
import type { Metric, Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import { DURATION_BUCKETS } from '../../metrics/site-tally.ts';
import type { UpstreamPool } from './pool.ts';
import type { UpstreamFailure } from './upstream-error.ts';
import type { Upstream } from './upstream.ts';

export const FAILURE_REASONS = ['connect', 'header_timeout', 'read_timeout', 'total_timeout', 'broken'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The metrics reason of a failed try (null: not the upstream's failure, or not a failure). */
export function failureReason(kind: UpstreamFailure['kind']): FailureReason | null {
  switch (kind) {
    case 'connect':
      return 'connect';
    case 'header-timeout':
      return 'header_timeout';
    case 'read-timeout':
      return 'read_timeout';
    case 'total-timeout':
      return 'total_timeout';
    case 'broken':
      return 'broken';
    case 'client-gone':
    case 'status':
      return null;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown failure kind ${String(unknown)}`);
    }
  }
}

export class UpstreamTally {
  readonly pool: string;
  readonly upstream: string;
  /** Responses by status class: index 0 = 1xx … 4 = 5xx. */
  readonly responses = [0, 0, 0, 0, 0];
  /** Failed tries by reason, in FAILURE_REASONS order. */
  readonly failures = [0, 0, 0, 0, 0];
  /** Observations per duration bucket (not cumulative); the last slot counts those above every bound. */
  readonly buckets = new Array<number>(DURATION_BUCKETS.length + 1).fill(0);
  durationSum = 0;

  constructor(pool: string, upstream: string) {
    this.pool = pool;
    this.upstream = upstream;
  }

  /** A response head arrived `seconds` after the try was dispatched. */
  responded(status: number, seconds: number): void {
    const cls = Math.floor(status / 100) - 1;
    if (cls >= 0 && cls < 5) this.responses[cls]++;
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]) bucket++;
    this.buckets[bucket]++;
    this.durationSum += seconds;
  }

  failed(reason: FailureReason | null): void {
    if (reason !== null) this.failures[FAILURE_REASONS.indexOf(reason)]++;
  }

  get requests(): number {
    return this.responses.reduce((a, b) => a + b, 0);
  }

  get failureCount(): number {
    return this.failures.reduce((a, b) => a + b, 0);
  }
}

/** Every tally of one Server, by pool and upstream. */
export class UpstreamTallies {
  readonly #byKey = new Map<string, UpstreamTally>();

  tally(pool: string, upstream: string): UpstreamTally {
    const key = `${pool}\n${upstream}`;
    let tally = this.#byKey.get(key);
    if (tally === undefined) {
      tally = new UpstreamTally(pool, upstream);
      this.#byKey.set(key, tally);
    }
    return tally;
  }

  values(): IterableIterator<UpstreamTally> {
    return this.#byKey.values();
  }
}

/** One row of `GET /upstreams` and `rws upstreams`. */
export interface UpstreamReport {
  readonly pool: string;
  readonly upstream: string;
  readonly weight: number;
  /** In rotation now (health checks pass, not ejected, not cooling down after a refused connection). */
  readonly healthy: boolean;
  /** 'healthy' | 'unhealthy' (active health checks) | 'ejected' (outlier detection). */
  readonly state: string;
  readonly inFlight: number;
  readonly openConnections: number;
  readonly requests: number;
  readonly failures: number;
  /** When an ejection ends (ISO time); null when not ejected. */
  readonly ejectedUntil: string | null;
}

export function upstreamReport(pools: Iterable<UpstreamPool>, now = Date.now()): UpstreamReport[] {
  const rows: UpstreamReport[] = [];
  for (const pool of pools) {
    for (const u of pool.upstreams) {
      const ejected = u.health.ejectedUntil > now;
      rows.push({
        pool: pool.name,
        upstream: u.url,
        weight: u.weight,
        healthy: u.available(now),
        state: String(u.health.state(now)),
        inFlight: u.inFlight,
        openConnections: openConnections(u),
        requests: u.tally.requests,
        failures: u.tally.failureCount,
        ejectedUntil: ejected ? new Date(u.health.ejectedUntil).toISOString() : null,
      });
    }
  }
  return rows;
}

/** Connections undici holds open to the upstream (0 when its dispatcher does not say). */
function openConnections(u: Upstream): number {
  const stats = (u.dispatcher as { stats?: { connected?: number } }).stats;
  return typeof stats?.connected === 'number' ? stats.connected : 0;
}

/** Registers the rws_upstream_* metrics on `registry`, read from `tallies` and the live `pools` at scrape time. */
export function registerUpstreamMetrics(registry: Registry, tallies: UpstreamTallies, pools: () => Iterable<UpstreamPool>): void {
  const registers = [registry];
  const requests: Counter<'pool' | 'upstream' | 'code_class'> = new Counter({
    name: 'rws_upstream_requests_total',
    help: 'Responses from each upstream, by status class.',
    labelNames: ['pool', 'upstream', 'code_class'],
    registers,
    collect: () => {
      requests.reset();
      for (const t of tallies.values()) {
        t.responses.forEach((n, i) => {
          if (n > 0) requests.inc({ pool: t.pool, upstream: t.upstream, code_class: `${i + 1}xx` }, n);
        });
      }
    },
  });
  const failures: Counter<'pool' | 'upstream' | 'reason'> = new Counter({
    name: 'rws_upstream_failures_total',
    help: 'Failed tries to each upstream, by reason.',
    labelNames: ['pool', 'upstream', 'reason'],
    registers,
    collect: () => {
      failures.reset();
      for (const t of tallies.values()) {
        t.failures.forEach((n, i) => {
          if (n > 0) failures.inc({ pool: t.pool, upstream: t.upstream, reason: FAILURE_REASONS[i] }, n);
        });
      }
    },
  });
  const live = (name: string, help: string, value: (u: Upstream, now: number) => number): void => {
    const gauge: Gauge<'pool' | 'upstream'> = new Gauge({
      name,
      help,
      labelNames: ['pool', 'upstream'],
      registers,
      collect: () => {
        gauge.reset();
        const now = Date.now();
        for (const pool of pools()) for (const u of pool.upstreams) gauge.set({ pool: pool.name, upstream: u.url }, value(u, now));
      },
    });
  };
  live('rws_upstream_healthy', 'Whether each upstream is in rotation (1) or not (0: down, ejected or refusing).', (u, now) => (u.available(now) ? 1 : 0));
  live('rws_upstream_in_flight', 'Requests dispatched to each upstream and not finished.', (u) => u.inFlight);
  live('rws_upstream_open_connections', 'Connections open to each upstream.', openConnections);
  const retries: Counter<'pool' | 'outcome'> = new Counter({
    name: 'rws_upstream_retries_total',
    help: 'Retries the pool\'s retry budget granted or refused.',
    labelNames: ['pool', 'outcome'],
    registers,
    collect: () => {
      retries.reset();
      for (const pool of pools()) {
        const budget = pool.resilience.budget;
        if (budget === null) continue;
        retries.inc({ pool: pool.name, outcome: 'granted' }, budget.granted);
        retries.inc({ pool: pool.name, outcome: 'refused' }, budget.refused);
      }
    },
  });
  registry.registerMetric(new UpstreamDurationHistogram(tallies) as unknown as Metric);
}

/** rws_upstream_duration_seconds built from the tallies at scrape time (as runtime/metrics/duration-histogram.ts). */
class UpstreamDurationHistogram {
  readonly name = 'rws_upstream_duration_seconds';
  readonly help = 'Time from dispatching a request to an upstream to its response head.';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #tallies: UpstreamTallies;

  constructor(tallies: UpstreamTallies) {
    this.#tallies = tallies;
  }

  get(): Promise<unknown> {
    return Promise.resolve(this.#collect());
  }

  getForPromString(): Promise<unknown> {
    return Promise.resolve(this.#collect());
  }

  #collect(): unknown {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const t of this.#tallies.values()) {
      const count = t.requests;
      if (count === 0) continue;
      const labels = { pool: t.pool, upstream: t.upstream };
      let cumulative = 0;
      for (let i = 0; i < DURATION_BUCKETS.length; i++) {
        cumulative += t.buckets[i];
        values.push({ metricName: bucketName, labels: { le: DURATION_BUCKETS[i], ...labels }, value: cumulative });
      }
      values.push({ metricName: bucketName, labels: { le: '+Inf', ...labels }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: t.durationSum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }
}
