/**
 * Prometheus metrics, one registry per Server (never prom-client's global default registry).
 *
 * Metric names and labels are stable API:
 *   rws_requests_total{site,method,code}      counter
 *   rws_errors_total{site,kind}               counter; kind ∈ ERROR_KINDS
 *   rws_active_connections{listener}          gauge (listener = ListenerPlan.key)
 *   rws_request_duration_seconds{site}        histogram
 * plus prom-client's default process metrics once a metrics endpoint is configured.
 *
 * Per-request figures go into SiteTally objects (plain numbers, one per site name, handed out once at
 * provision), open connections into a plain count per listener; both are copied into the registry only when
 * it is scraped: neither requests nor connections ever hash labels.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { DurationHistogram } from './duration-histogram.ts';
import { requestKey, SiteTally } from './site-tally.ts';

/** What went wrong, for rws_errors_total. */
export type ErrorKind =
  /** A handler raised an HttpError (a failing upstream, `error`, a missing file…). */
  | 'handler'
  /** An unexpected exception, answered 500 (a bug: the stack is in the process log). */
  | 'internal'
  /** The client closed the connection before the response was complete. */
  | 'client_gone'
  /** A malformed request (bad request line, headers too large, timeouts, bad percent-encoding). */
  | 'bad_request'
  /** No site serves the requested host. */
  | 'no_site'
  /** A request whose Host names a site its TLS connection was not made for (SNI of another site): answered 421. */
  | 'misdirected';

export class Metrics {
  readonly registry = new Registry();
  private readonly errors: Counter<'site' | 'kind'>;
  private readonly tallies = new Map<string, SiteTally>();
  /** Open connections by listener key (read by the gauge at scrape time). */
  private readonly open = new Map<string, number>();
  private defaultsOn = false;

  constructor() {
    const registers = [this.registry];
    const tallies = this.tallies;
    const requests: Counter<'site' | 'method' | 'code'> = new Counter({
      name: 'rws_requests_total',
      help: 'Requests answered, by site, method and status code.',
      labelNames: ['site', 'method', 'code'],
      registers,
      collect: () => {
        requests.reset();
        for (const tally of tallies.values()) {
          if (tally.requests === null) continue;
          for (const [key, count] of tally.requests) requests.inc({ site: tally.site, ...requestKey(key) }, count);
        }
      },
    });
    this.errors = new Counter({ name: 'rws_errors_total', help: 'Request errors, by site and kind.', labelNames: ['site', 'kind'], registers });
    const open = this.open;
    const active: Gauge<'listener'> = new Gauge({
      name: 'rws_active_connections',
      help: 'Open client connections, by listener.',
      labelNames: ['listener'],
      registers,
      collect: () => {
        active.reset();
        for (const [listener, count] of open) active.set({ listener }, count);
      },
    });
    const duration = new DurationHistogram('rws_request_duration_seconds', 'Time from request arrival to the end of the response, by site.', () => tallies.values());
    this.registry.registerMetric(duration.asMetric());
  }

  /** Adds prom-client's default process metrics (CPU, memory, event loop lag…); idempotent. */
  enableDefaultMetrics(): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The tally of a site (by name); the same object for the life of this Metrics, whatever plan is serving. */
  site(name: string): SiteTally {
    let tally = this.tallies.get(name);
    if (tally === undefined) {
      tally = new SiteTally(name);
      this.tallies.set(name, tally);
    }
    return tally;
  }

  error(site: string, kind: ErrorKind): void {
    this.errors.inc({ site, kind });
  }

  connectionOpened(listener: string): void {
    this.open.set(listener, (this.open.get(listener) ?? 0) + 1);
  }

  connectionClosed(listener: string): void {
    this.open.set(listener, (this.open.get(listener) ?? 0) - 1);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
