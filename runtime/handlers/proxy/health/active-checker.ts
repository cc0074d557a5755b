/**
 * Active health checks: every `intervalMs`, each upstream of a pool is sent a probe (`GET uri`) through the
 * pool's own dispatcher (so TLS, SNI and PROXY protocol settings apply), or through one opened for
 * `health_port`. A probe passes when the status is in range and, if asked, the body matches; `fails`
 * failures in a row take the upstream out of rotation, `passes` passes in a row bring it back.
 *
 * Invariant: at most one probe per upstream is in flight; timers are unref'd and close() stops them, aborts
 * the probes in flight and closes the dispatchers this checker opened (never the pool's own).
 */
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { ActiveHealthPlan } from '../../../plan/plan.ts';
import { errorCode } from '../upstream-error.ts';
import type { UpstreamHealth } from './upstream-health.ts';

/** One upstream as the checker sees it. */
export interface HealthTarget {
  /** e.g. "http://10.0.0.1:8080". */
  readonly origin: string;
  /** host:port as in a Host header. */
  readonly hostPort: string;
  readonly health: UpstreamHealth;
  /** TLS SNI for the upstream (null for http and IP literals), for a dispatcher opened for `port`. */
  readonly serverName: string | null;
  /** The upstream's own dispatcher. */
  readonly dispatcher: Dispatcher;
}

export interface CheckerOptions {
  /** Pool name, for logs. */
  readonly pool: string;
  readonly logger: Logger | null;
  /** Opens a dispatcher to another origin of the same upstream (for `port`); only called when `port` is set. */
  readonly open: (target: HealthTarget, origin: string) => Dispatcher;
}

/** The most of a probe's body read to match `bodyPattern`. */
const MAX_BODY_BYTES = 64 * 1024;

export class ActiveHealthChecker {
  readonly #plan: ActiveHealthPlan;
  readonly #options: CheckerOptions;
  readonly #probes: Probe[];
  readonly #body: RegExp | null;
  readonly #opened: Dispatcher[] = [];
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(plan: ActiveHealthPlan, targets: readonly HealthTarget[], options: CheckerOptions) {
    this.#plan = plan;
    this.#options = options;
    this.#body = plan.bodyPattern === null ? null : new RegExp(plan.bodyPattern);
    this.#probes = targets.map((t) => {
      let dispatcher = t.dispatcher;
      let origin = t.origin;
      let hostPort = t.hostPort;
      if (plan.port !== null) {
        const url = new URL(t.origin);
        url.port = String(plan.port);
        origin = url.origin;
        hostPort = url.host;
        dispatcher = options.open(t, origin);
        this.#opened.push(dispatcher);
      }
      return { target: t, dispatcher, origin, headers: probeHeaders(plan, hostPort), abort: null };
    });
  }

  /** Probes every upstream now, then every interval. */
  start(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#round();
    this.#timer = setInterval(() => this.#round(), this.#plan.intervalMs);
    this.#timer.unref();
  }

  /** Stops probing; resolves once the dispatchers this checker opened are closed. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    for (const p of this.#probes) p.abort?.abort();
    await Promise.all(this.#opened.map((d) => d.destroy()));
  }

  #round(): void {
    for (const probe of this.#probes) {
      if (probe.abort === null) void this.#probe(probe);
    }
  }

  async #probe(probe: Probe): Promise<void> {
    const abort = new AbortController();
    probe.abort = abort;
    const timer = setTimeout(() => abort.abort(), this.#plan.timeoutMs);
    timer.unref();
    let failure: string | null;
    try {
      failure = await this.#send(probe, abort.signal);
    } catch (err) {
      failure = abort.signal.aborted ? `no answer within ${this.#plan.timeoutMs}ms` : `${errorCode(err)}: ${(err as Error).message}`;
    } finally {
      clearTimeout(timer);
      probe.abort = null;
    }
    if (this.#closed) return;
    this.#record(probe, failure);
  }

  /** Sends one probe; resolves with why it failed, or null when it passed. */
  async #send(probe: Probe, signal: AbortSignal): Promise<string | null> {
    const plan = this.#plan;
    const response = await probe.dispatcher.request({
      method: plan.method,
      path: plan.uri,
      headers: probe.headers,
      signal,
      headersTimeout: plan.timeoutMs,
      bodyTimeout: plan.timeoutMs,
    });
    const status = response.statusCode;
    if (status < plan.statusMin || status > plan.statusMax) {
      await response.body.dump();
      return `status ${status} (expected ${plan.statusMin}-${plan.statusMax})`;
    }
    if (this.#body === null) {
      await response.body.dump();
      return null;
    }
    const text = await readCapped(response.body, MAX_BODY_BYTES);
    return this.#body.test(text) ? null : `body does not match /${plan.bodyPattern}/`;
  }

  #record(probe: Probe, failure: string | null): void {
    const { health, origin } = probe.target;
    const plan = this.#plan;
    if (!health.probed(failure, plan.passes, plan.fails)) return;
    const logger = this.#options.logger;
    if (health.healthy) logger?.info({ pool: this.#options.pool, upstream: origin }, 'upstream healthy');
    else logger?.warn({ pool: this.#options.pool, upstream: origin, reason: failure, probe: `${probe.origin}${plan.uri}` }, 'upstream unhealthy');
  }
}

interface Probe {
  readonly target: HealthTarget;
  readonly dispatcher: Dispatcher;
  /** Where probes go (differs from the target's origin with `port`). */
  readonly origin: string;
  readonly headers: Record<string, string>;
  /** The probe in flight, if any. */
  abort: AbortController | null;
}

function probeHeaders(plan: ActiveHealthPlan, hostPort: string): Record<string, string> {
  const headers: Record<string, string> = { host: hostPort, 'user-agent': 'rws-health-check' };
  for (const [name, value] of plan.headers) headers[name.toLowerCase()] = value;
  return headers;
}

/** Reads at most `limit` bytes of a body as UTF-8, then drops the rest (the connection is closed if cut short). */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
