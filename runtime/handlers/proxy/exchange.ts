/**
 * One client request through reverse_proxy: picks an upstream, sends the request with undici's `dispatch`
 * (this object is the dispatch handler: no response stream, no AbortController, no promise per step), relays
 * the answer, retries refused connections on another upstream, and maps failures to 502 / 504.
 *
 * Invariant: `run()`'s promise settles exactly once: resolved when the response is out (or cut, or the
 * client left), rejected with an HttpError only while nothing was sent to the client; every upstream try is
 * counted in `inFlight` from dispatch until undici reports its end or error.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex, Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { HttpError, type RequestContext } from '../../http/handler.ts';
import type { ApplyHeaderOps } from '../header-ops.ts';
import { clientChannel, ClientGoneError } from './client-gone.ts';
import { withoutHopByHop } from './hop-by-hop.ts';
import { LazyBody } from './lazy-body.ts';
import type { UpstreamPool } from './pool.ts';
import { ResponseRelay, type UpstreamTrailers } from './response-relay.ts';
import { classifyUpstreamError } from './upstream-error.ts';
import { clientHostHeader, upstreamHeaders, upstreamTarget } from './upstream-request.ts';
import type { ClientDispatchOptions } from './transport-proxy-protocol.ts';
import { relayUpgrade, upgradeToken } from './upgrade.ts';
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

/** Methods that may be sent twice (RFC 9110 §9.2.2): a request with a body is retried only for these. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

const NOT_TRIED: readonly Upstream[] = [];

/** undici accepts `servername` per request (it sets TLS SNI) but its types don't list it. */
type DispatchOptions = ClientDispatchOptions & { servername?: string };

export class ProxyExchange implements Dispatcher.DispatchHandler {
  readonly #route: ProxyRoute;
  readonly #pool: UpstreamPool;
  readonly #ctx: RequestContext;
  /** The client's body, or null when it sends none. */
  readonly #source: Readable | null;
  readonly #mayRetry: boolean;
  readonly #path: string;
  /** The client's Upgrade token when it asks to switch protocols (WebSocket), else null. */
  readonly #upgrade: string | null;
  #resolve: () => void = noop;
  #reject: (err: HttpError) => void = noop;
  #settled = false;
  #channel: EventEmitter | null = null;
  #gone = false;
  /** The try in progress. */
  #upstream: Upstream | null = null;
  #inFlight = false;
  #body: LazyBody | null = null;
  #controller: Dispatcher.DispatchController | null = null;
  #relay: ResponseRelay | null = null;
  /** Earlier tries, only once there was one. */
  #tried: Upstream[] | null = null;
  #failures: string[] | null = null;
  readonly #onClientClose = (): void => this.clientGone();

  constructor(route: ProxyRoute, pool: UpstreamPool, ctx: RequestContext) {
    this.#route = route;
    this.#pool = pool;
    this.#ctx = ctx;
    const hasBody = requestHasBody(ctx);
    this.#source = hasBody ? ctx.body() : null;
    this.#mayRetry = !hasBody || IDEMPOTENT.has(ctx.method);
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
      this.#tryNext();
    });
  }

  /** The client's connection or stream closed: cancel the upstream request (now, or as soon as it starts). */
  clientGone(): void {
    if (this.#gone || this.#settled) return;
    this.#gone = true;
    this.#controller?.abort(new ClientGoneError());
  }

  // ---- undici's dispatch handler ----

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#gone) controller.abort(new ClientGoneError());
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    const ctx = this.#ctx;
    const down = withoutHopByHop(headers);
    this.#route.headersDown?.(down, ctx);
    this.#relay = new ResponseRelay(this, ctx.response, controller, statusCode, down, ctx.method === 'HEAD');
    // An event stream (or flush_interval -1) sends its head at once: a client waits for it before the
    // first event, which may be a long time coming.
    if (this.#route.flushImmediately || isEventStream(down['content-type'])) this.#relay.flush();
  }

  /** The upstream answered 101 to an Upgrade: the exchange is over, the connection is a tunnel now. */
  onRequestUpgrade(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, socket: Duplex): void {
    this.#endTry();
    if (this.#gone) socket.destroy();
    else relayUpgrade(this.#ctx, this.#route.headersDown, statusCode, headers, socket);
    this.#done();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#relay!.data(chunk);
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: UpstreamTrailers): void {
    this.#endTry();
    try {
      this.#relay!.end(trailers);
    } catch (err) {
      // Node rejected the head: nothing was sent.
      this.#fail(new HttpError(502, 'Bad Gateway', `${this.#upstream!.origin}: response head rejected: ${String(err)}`));
      return;
    }
    this.#done();
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, err: Error): void {
    this.#endTry();
    const relay = this.#relay;
    if (relay !== null) {
      relay.cut();
      if (relay.headSent) {
        // The status can't change any more: the client connection was cut (just now, or when it closed).
        if (!this.#gone) {
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
    const upstream = this.#upstream!;
    const failure = classifyUpstreamError(err, this.#gone);
    switch (failure.kind) {
      case 'client-gone':
        this.#ctx.response.abort();
        this.#done();
        return;
      case 'connect':
        upstream.markRefused(Date.now());
        (this.#failures ??= []).push(`${upstream.origin}: ${failure.code}`);
        (this.#tried ??= []).push(upstream);
        if (this.#mayRetryNow()) this.#tryNext();
        else this.#fail(noUpstreamReachable(this.#failures));
        return;
      case 'header-timeout':
        this.#fail(new HttpError(504, 'Gateway Timeout', `${upstream.origin} sent no response head within ${this.#pool.plan.timeouts.responseHeaderMs}ms`));
        return;
      case 'broken':
        this.#fail(new HttpError(502, 'Bad Gateway', `${upstream.origin}: ${failure.code}: ${failure.message}`));
        return;
      default: {
        const unknown: never = failure;
        this.#fail(new HttpError(502, 'Bad Gateway', `unexpected upstream failure ${JSON.stringify(unknown)}`));
      }
    }
  }

  /** After a refused try: retries left, and a body (if any) that was never read and so can be sent again. */
  #mayRetryNow(): boolean {
    const body = this.#body;
    return this.#mayRetry && (body === null || !body.started) && this.#tried!.length <= this.#pool.plan.retry.tries;
  }

  #tryNext(): void {
    const ctx = this.#ctx;
    const route = this.#route;
    const upstream = this.#pool.pick(ctx, this.#tried ?? NOT_TRIED);
    if (upstream === null) {
      this.#fail(noUpstreamReachable(this.#failures ?? []));
      return;
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
  }

  #done(): void {
    if (this.#release()) this.#resolve();
  }

  #fail(err: HttpError): void {
    if (this.#release()) this.#reject(err);
  }

  /** Ends the watch on the client; false when the exchange was already settled. */
  #release(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#channel?.off('close', this.#onClientClose);
    this.#channel = null;
    return true;
  }
}

function isEventStream(contentType: string | string[] | number | undefined): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream');
}

function noUpstreamReachable(failures: readonly string[]): HttpError {
  return new HttpError(502, 'Bad Gateway', `no upstream reachable (${failures.join('; ')})`);
}

function noop(): void {}

/** Whether the client sends a body: framing headers on HTTP/1.1; on HTTP/2 a stream not ended by its head. */
function requestHasBody(ctx: RequestContext): boolean {
  const length = ctx.headers['content-length'];
  if (length !== undefined) return length !== '0';
  if (ctx.headers['transfer-encoding'] !== undefined) return true;
  const req = ctx.req;
  return 'stream' in req && req.stream !== undefined && !req.stream.endAfterHeaders;
}
