/**
 * One client request through reverse_proxy: picks an upstream, sends the request with undici's `dispatch`
 * (this object is the dispatch handler: no response stream, no AbortController, no promise per step), relays
 * the answer, retries per the pool's RetryPlan (proxy/retry.ts) on another upstream, and maps failures to
 * 502 / 503 / 504 (proxy/upstream-error.ts). The pool's circuit breaker admits each try, its outlier
 * detector hears how each try went, and total_timeout bounds the whole exchange.
 *
 * Invariant: `run()`'s promise settles exactly once: resolved when the response is out (or cut, or the
 * client left), rejected with an HttpError only while nothing was sent to the client; every upstream try is
 * counted in `inFlight` (and holds a breaker slot) from dispatch until undici reports its end or error; a
 * response whose status is retried is discarded, never relayed.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex, Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { HttpError, type RequestContext } from '../../http/handler.ts';
import type { ApplyHeaderOps } from '../header-ops.ts';
import { describeTrip, type BreakerTrip } from './breaker.ts';
import { clientChannel, ClientGoneError } from './client-gone.ts';
import { withoutHopByHop } from './hop-by-hop.ts';
import { LazyBody } from './lazy-body.ts';
import type { UpstreamPool } from './pool.ts';
import { ResponseRelay, type UpstreamTrailers } from './response-relay.ts';
import { retryableFailure, retryVerdict, type TryFailure } from './retry.ts';
import { failureReason } from './upstream-metrics.ts';
import { classifyUpstreamError, DiscardedError, exhaustedError, type FailedTry, noHealthyUpstream, TotalTimeoutError, type UpstreamFailure } from './upstream-error.ts';
import { clientHostHeader, upstreamHeaders, upstreamTarget } from './upstream-request.ts';
import { relayUpgrade, upgradeToken } from './upgrade.ts';
import type { ClientDispatchOptions } from './transport-proxy-protocol.ts';
import type { Upstream } from './upstream.ts';

/** What one reverse_proxy handler provisions once and every exchange reads (the pool is chosen per request). */
export interface ProxyRoute {
  /** flush_interval -1: every response streams straight through, head first. */
  readonly flushImmediately: boolean;
  readonly headersUp: ApplyHeaderOps | null;
  readonly headersDown: ApplyHeaderOps | null;
  readonly hostHeader: ((ctx: RequestContext) => string) | null;
  readonly logger: Logger;
}

const NOT_TRIED: readonly Upstream[] = [];

/** The most of a retried response's body read (and dropped) to keep its connection; past it, the connection goes. */
const MAX_DISCARD_BYTES = 64 * 1024;

/** undici accepts `servername` per request (it sets TLS SNI) but its types don't list it. */
type DispatchOptions = ClientDispatchOptions & { servername?: string };

export class ProxyExchange implements Dispatcher.DispatchHandler {
  readonly #route: ProxyRoute;
  readonly #pool: UpstreamPool;
  readonly #ctx: RequestContext;
  /** The client's body, or null when it sends none. */
  readonly #source: Readable | null;
  readonly #path: string;
  /** The client's Upgrade token when it asks to switch protocols (WebSocket), else null. */
  readonly #upgrade: string | null;
  #resolve: () => void = noop;
  #reject: (err: HttpError) => void = noop;
  #settled = false;
  #channel: EventEmitter | null = null;
  #gone = false;
  /** Why the exchange aborts its try (the client left, total_timeout passed); null while it need not. */
  #abortReason: Error | null = null;
  /** Date.now() at the first try. */
  #startedAt = 0;
  /** total_timeout's timer, or the pause before the next try. */
  #deadline: NodeJS.Timeout | null = null;
  #pause: NodeJS.Timeout | null = null;
  /** The try in progress. */
  #upstream: Upstream | null = null;
  #inFlight = false;
  /** The try holds a slot of the pool's circuit breaker. */
  #admitted = false;
  /** Date.now() at the try's dispatch, only when the outlier detector judges latency. */
  #tryStartedAt = 0;
  /** performance.now() at the try's dispatch, for the upstream's latency figures (upstream-metrics.ts). */
  #dispatchedAt = 0;
  #body: LazyBody | null = null;
  #controller: Dispatcher.DispatchController | null = null;
  #relay: ResponseRelay | null = null;
  /** Bytes of a retried response dropped so far; -1 while the response is relayed. */
  #discarded = -1;
  /** Earlier tries, only once there was one. */
  #tried: Upstream[] | null = null;
  #failed: FailedTry[] | null = null;
  readonly #onClientClose = (): void => this.clientGone();

  /** `source`: the request body when something else reads it too (a mirror's tee); by default ctx.body(). */
  constructor(route: ProxyRoute, pool: UpstreamPool, ctx: RequestContext, source?: Readable | null) {
    this.#route = route;
    this.#pool = pool;
    this.#ctx = ctx;
    this.#source = source !== undefined ? source : requestHasBody(ctx) ? ctx.body() : null;
    this.#path = upstreamTarget(ctx);
    this.#upgrade = upgradeToken(ctx);
  }

  /** Settles when the exchange is over (see the invariant). */
  run(): Promise<void> {
    const channel = clientChannel(this.#ctx.req);
    if (channel === null) {
      this.#ctx.response.abort();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#channel = channel;
      channel.on('close', this.#onClientClose);
      // Retry limits count from here; a pool that never retries needs no clock.
      const budget = this.#pool.resilience.budget;
      if (budget !== null) {
        this.#startedAt = Date.now();
        budget.request(this.#startedAt);
      }
      const totalMs = this.#pool.plan.timeouts.totalMs;
      if (totalMs > 0) this.#deadline = setTimeout(totalTimeout, totalMs, this);
      this.#tryNext();
    });
  }

  /** The client's connection or stream closed: cancel the upstream request (now, or as soon as it starts). */
  clientGone(): void {
    if (this.#gone || this.#settled) return;
    this.#gone = true;
    this.#abort(new ClientGoneError());
  }

  /** total_timeout passed: stop the try in progress (its failure answers 504, or cuts a response under way). */
  timedOut(): void {
    this.#deadline = null;
    if (this.#settled || this.#abortReason !== null) return;
    this.#abort(new TotalTimeoutError(this.#pool.plan.timeouts.totalMs));
  }

  #abort(reason: Error): void {
    this.#abortReason = reason;
    if (this.#pause !== null) {
      // Between tries: nothing is in flight to abort.
      clearTimeout(this.#pause);
      this.#pause = null;
      this.#settleAborted();
      return;
    }
    this.#controller?.abort(reason);
  }

  // ---- undici's dispatch handler ----

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason !== null) controller.abort(this.#abortReason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#upstream!.tally.responded(statusCode, (performance.now() - this.#dispatchedAt) / 1000);
    if (this.#judgeStatus(statusCode)) {
      this.#discarded = 0;
      return;
    }
    const ctx = this.#ctx;
    const down = withoutHopByHop(headers);
    this.#route.headersDown?.(down, ctx);
    this.#pool.sticky?.pin(ctx, this.#upstream!, down);
    this.#relay = new ResponseRelay(this, ctx.response, controller, statusCode, down, ctx.method === 'HEAD');
    // An event stream (or flush_interval -1) sends its head at once: a client waits for it before the
    // first event, which may be a long time coming.
    if (this.#route.flushImmediately || isEventStream(down['content-type'])) this.#relay.flush();
  }

  /** The upstream answered 101 to an Upgrade: the exchange is over, the connection is a tunnel now. */
  onRequestUpgrade(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, socket: Duplex): void {
    this.#upstream!.tally.responded(statusCode, (performance.now() - this.#dispatchedAt) / 1000);
    this.#endTry();
    if (this.#gone) socket.destroy();
    else relayUpgrade(this.#ctx, this.#route.headersDown, statusCode, headers, socket);
    this.#done();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#discarded >= 0) {
      this.#discarded += chunk.length;
      if (this.#discarded > MAX_DISCARD_BYTES) controller.abort(new DiscardedError());
      return;
    }
    this.#relay!.data(chunk);
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: UpstreamTrailers): void {
    this.#endTry();
    if (this.#discarded >= 0) {
      this.#discarded = -1;
      this.#retryLater();
      return;
    }
    try {
      this.#relay!.end(trailers);
    } catch (err) {
      // Node rejected the head: nothing was sent.
      this.#fail(new HttpError(502, `upstream ${this.#upstream!.origin} sent a response head that cannot be relayed`, `${this.#upstream!.origin}: response head rejected: ${String(err)}`));
      return;
    }
    this.#done();
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, err: Error): void {
    this.#endTry();
    if (this.#discarded >= 0) {
      // A retried response being dropped: the retry was decided already, unless the exchange is over.
      this.#discarded = -1;
      if (this.#abortReason !== null) this.#settleAborted();
      else this.#retryLater();
      return;
    }
    const relay = this.#relay;
    if (relay !== null) {
      relay.cut();
      if (relay.headSent) {
        // The status can't change any more: the client connection was cut (just now, or when it closed).
        if (!this.#gone) {
          // Cut by total_timeout: not the upstream's failure.
          if (this.#abortReason === null) {
            this.#outlierFailed(this.#upstream!);
            this.#upstream!.tally.failed(failureReason(classifyUpstreamError(err, false).kind));
          }
          this.#route.logger.warn({ upstream: this.#upstream!.origin, requestId: this.#ctx.id, err: String(err) }, 'upstream response failed mid-body');
        }
        this.#done();
        return;
      }
    }
    if (err instanceof HttpError && !this.#gone) this.#fail(err); // the client's body broke a limit (413)
    else this.#answerFailure(err);
  }

  // ---- tries ----

  /** Nothing reached the client yet: retry elsewhere, or answer with the status the failure deserves. */
  #answerFailure(err: Error): void {
    const failure = classifyUpstreamError(err, this.#gone);
    if (failure.kind === 'client-gone') {
      this.#ctx.response.abort();
      this.#done();
      return;
    }
    const upstream = this.#upstream!;
    upstream.tally.failed(failureReason(failure.kind));
    const now = Date.now();
    if (failure.kind === 'connect') upstream.markRefused(now);
    this.#outlierFailed(upstream);
    (this.#tried ??= []).push(upstream);
    (this.#failed ??= []).push({ origin: upstream.origin, failure });
    // Once total_timeout has passed, whatever the try's error, there is no retry.
    const retryable = this.#abortReason === null ? retryableFailure(failure) : null;
    if (retryable !== null && this.#mayRetry(retryable, this.#tried.length, now)) this.#retryLater();
    else this.#fail(exhaustedError(this.#failed, this.#pool.plan.timeouts));
  }

  /**
   * A response head arrived: tell the outlier detector, and say whether this status is retried (then the
   * response is discarded and the next try follows).
   */
  #judgeStatus(status: number): boolean {
    const upstream = this.#upstream!;
    const { outlier } = this.#pool.resilience;
    if (outlier !== null) {
      const elapsed = outlier.maxLatencyMs > 0 ? Date.now() - this.#tryStartedAt : 0;
      if (outlier.isFailure(status, elapsed)) this.#outlierFailed(upstream);
      else outlier.succeeded(upstream.health);
    }
    const statuses = this.#pool.plan.retry.statuses;
    if (statuses.length === 0 || !statuses.includes(status) || this.#abortReason !== null) return false;
    if (!this.#mayRetry({ kind: 'status', status }, (this.#tried?.length ?? 0) + 1, Date.now())) return false;
    (this.#tried ??= []).push(upstream);
    (this.#failed ??= []).push({ origin: upstream.origin, failure: { kind: 'status', code: String(status), message: `answered ${status}` } });
    return true;
  }

  /** `tries`: tries made so far, the one that just failed included. */
  #mayRetry(failure: TryFailure, tries: number, now: number): boolean {
    const body = this.#body;
    const verdict = retryVerdict(this.#pool.plan.retry, this.#pool.resilience.budget, failure, {
      method: this.#ctx.method,
      bodySent: body !== null && body.started,
      tries,
      startedAt: this.#startedAt,
      now,
    });
    if (!verdict.retry && this.#pool.plan.retry.tries > 0) {
      this.#route.logger.debug({ pool: this.#pool.name, requestId: this.#ctx.id, reason: verdict.reason }, 'not retried');
    }
    return verdict.retry;
  }

  #outlierFailed(upstream: Upstream): void {
    const outlier = this.#pool.resilience.outlier;
    if (outlier === null) return;
    const ms = outlier.failed(upstream.health, Date.now());
    if (ms > 0) this.#route.logger.warn({ pool: this.#pool.name, upstream: upstream.origin, ejectedForMs: ms, requestId: this.#ctx.id }, 'upstream ejected');
  }

  /** The next try, after the pool's retry interval. */
  #retryLater(): void {
    const interval = this.#pool.plan.retry.intervalMs;
    if (interval === 0) this.#tryNext();
    else this.#pause = setTimeout(nextTry, interval, this);
  }

  /** Called by the pause timer. */
  tryAgain(): void {
    this.#pause = null;
    this.#tryNext();
  }

  #tryNext(): void {
    const ctx = this.#ctx;
    const route = this.#route;
    const pool = this.#pool;
    const tried = this.#tried ?? NOT_TRIED;
    // A retry goes to an upstream not tried yet; when none is left, to any available one again.
    const upstream = pool.pick(ctx, tried) ?? (tried.length > 0 ? pool.pick(ctx, NOT_TRIED) : null);
    if (upstream === null) {
      this.#fail(tried.length === 0 ? noHealthyUpstream(pool.name, pool.upstreams) : exhaustedError(this.#failed ?? [], pool.plan.timeouts));
      return;
    }
    const breaker = pool.resilience.breaker;
    if (breaker !== null) {
      const trip = breaker.admit(upstream, pool.upstreams);
      if (trip !== null) {
        this.#failTripped(trip);
        return;
      }
      this.#admitted = true;
    }
    const host = route.hostHeader?.(ctx) ?? clientHostHeader(ctx) ?? upstream.hostPort;
    const headers = upstreamHeaders(ctx, host);
    route.headersUp?.(headers, ctx);
    // A fresh view of the body per try: a refused try leaves the client's stream untouched.
    const body = this.#source === null ? null : new LazyBody(this.#source);
    this.#upstream = upstream;
    this.#body = body;
    this.#controller = null;
    this.#relay = null;
    this.#inFlight = true;
    upstream.inFlight++;
    this.#dispatchedAt = performance.now();
    if ((pool.resilience.outlier?.maxLatencyMs ?? 0) > 0) this.#tryStartedAt = Date.now();
    const options: DispatchOptions = {
      method: ctx.method as Dispatcher.HttpMethod,
      path: this.#path,
      // undici coerces the numbers header ops may leave behind.
      headers: headers as Record<string, string | string[]>,
      body,
    };
    if (this.#upgrade !== null) options.upgrade = this.#upgrade;
    if (upstream.serverName !== null) options.servername = upstream.serverName;
    // Whose connection this is, for transports that depend on it (PROXY protocol: transport-proxy-protocol.ts).
    options.rwsClient = ctx;
    // Failures, even synchronous ones, come back through onResponseError.
    upstream.dispatcher.dispatch(options, this);
  }

  #endTry(): void {
    if (!this.#inFlight) return;
    this.#inFlight = false;
    this.#upstream!.inFlight--;
    if (this.#admitted) {
      this.#admitted = false;
      this.#pool.resilience.breaker!.release();
    }
  }

  /** The exchange was aborted between tries or while a retried response was dropped. */
  #settleAborted(): void {
    if (this.#gone) {
      this.#ctx.response.abort();
      this.#done();
      return;
    }
    const failed = this.#failed ?? [];
    const last = failed[failed.length - 1];
    const failure: UpstreamFailure = { kind: 'total-timeout', code: 'RWS_TOTAL_TIMEOUT', message: this.#abortReason!.message };
    this.#fail(exhaustedError([...failed, { origin: last?.origin ?? this.#pool.name, failure }], this.#pool.plan.timeouts));
  }

  /** The circuit breaker refused the try: 503 now, with Retry-After (on whichever response answers it). */
  #failTripped(trip: BreakerTrip): void {
    const plan = this.#pool.resilience.breaker!.plan;
    const retryAfter = String(plan.retryAfterSec);
    this.#ctx.response.onHead((head) => {
      if (head.status === 503) head.headers['retry-after'] = retryAfter;
    });
    const message = `upstream pool ${this.#pool.name} is at its limit (${describeTrip(plan, trip)}): try again in ${retryAfter}s`;
    this.#fail(new HttpError(503, message, message));
  }

  #done(): void {
    if (this.#release()) this.#resolve();
  }

  #fail(err: HttpError): void {
    if (this.#release()) this.#reject(err);
  }

  /** Ends the watch on the client and the timers; false when the exchange was already settled. */
  #release(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#channel?.off('close', this.#onClientClose);
    this.#channel = null;
    if (this.#deadline !== null) clearTimeout(this.#deadline);
    if (this.#pause !== null) clearTimeout(this.#pause);
    this.#deadline = null;
    this.#pause = null;
    return true;
  }
}

function totalTimeout(exchange: ProxyExchange): void {
  exchange.timedOut();
}

function nextTry(exchange: ProxyExchange): void {
  exchange.tryAgain();
}

function isEventStream(contentType: string | string[] | number | undefined): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream');
}

function noop(): void {}

/** Whether the client sends a body: framing headers on HTTP/1.1; on HTTP/2 a stream not ended by its head. */
export function requestHasBody(ctx: RequestContext): boolean {
  const length = ctx.headers['content-length'];
  if (length !== undefined) return length !== '0';
  if (ctx.headers['transfer-encoding'] !== undefined) return true;
  const req = ctx.req;
  return 'stream' in req && req.stream !== undefined && !req.stream.endAfterHeaders;
}
