/**
 * Prometheus metrics, one registry per Server (never prom-client's global default registry).
 *
 * Metric names and labels are stable API:
 *   rws_requests_total{site,method,code}      counter
 *   rws_errors_total{site,kind}               counter; kind ∈ ERROR_KINDS
 *   rws_active_connections{listener}          gauge (listener = ListenerPlan.key)
 *   rws_request_duration_seconds{site}        histogram
 * plus prom-client's default process metrics once a metrics endpoint is configured.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  | 'no_site';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'site' | 'method' | 'code'>;
  private readonly errors: Counter<'site' | 'kind'>;
  private readonly active: Gauge<'listener'>;
  private readonly duration: Histogram<'site'>;
  private defaultsOn = false;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'rws_requests_total', help: 'Requests answered, by site, method and status code.', labelNames: ['site', 'method', 'code'], registers });
    this.errors = new Counter({ name: 'rws_errors_total', help: 'Request errors, by site and kind.', labelNames: ['site', 'kind'], registers });
    this.active = new Gauge({ name: 'rws_active_connections', help: 'Open client connections, by listener.', labelNames: ['listener'], registers });
    this.duration = new Histogram({ name: 'rws_request_duration_seconds', help: 'Time from request arrival to the end of the response, by site.', labelNames: ['site'], registers });
  }

  /** Adds prom-client's default process metrics (CPU, memory, event loop lag…); idempotent. */
  enableDefaultMetrics(): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry });
  }

  requestDone(site: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ site, method: METHODS.has(method) ? method : 'OTHER', code: String(status) });
    this.duration.observe({ site }, seconds);
  }

  error(site: string, kind: ErrorKind): void {
    this.errors.inc({ site, kind });
  }

  connectionOpened(listener: string): void {
    this.active.inc({ listener });
  }

  connectionClosed(listener: string): void {
    this.active.dec({ listener });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
