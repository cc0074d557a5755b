/**
 * `reverse_proxy` (basic form): balances requests over upstreams with one undici Pool each, streams bodies
 * both ways with backpressure, retries refused connections on another upstream, and maps failures to
 * 502 / 504.
 *
 * Invariant: every upstream request ends (completed, or aborted when the client goes away or the upstream
 * breaks); no socket outlives the request that used it except as an idle keep-alive connection in its pool.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { HttpError, type HandlerFactory, type RequestContext } from '../http/handler.ts';
import type { ReverseProxyHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { createBalancer } from './proxy/balancer.ts';
import { watchClient, type ClientWatch } from './proxy/client-gone.ts';
import { compileHeaderOps, type HeaderBag } from './header-ops.ts';
import { isUpgradeRequest, withoutHopByHop } from './proxy/hop-by-hop.ts';
import { LazyBody } from './proxy/lazy-body.ts';
import { classifyUpstreamError, type UpstreamFailure } from './proxy/upstream-error.ts';
import { clientHostHeader, upstreamHeaders, upstreamTarget } from './proxy/upstream-request.ts';
import { Upstream } from './proxy/upstream.ts';

/** Methods that may be sent twice (RFC 9110 §9.2.2): a request with a body is retried only for these. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** undici accepts `servername` per request (it sets TLS SNI) but its types don't list it. */
type RequestOptions = Dispatcher.RequestOptions & { servername?: string };

type Attempt =
  | { readonly kind: 'response'; readonly res: Dispatcher.ResponseData }
  | { readonly kind: 'failed'; readonly failure: UpstreamFailure };

function noUpstreamReachable(failures: readonly string[]): HttpError {
  return new HttpError(502, 'Bad Gateway', `no upstream reachable (${failures.join('; ')})`);
}

export const reverseProxy: HandlerFactory<ReverseProxyHandler> = (plan, env) => {
  const upstreams = plan.upstreams.map((u, i) => new Upstream(i, u, plan));
  const pick = createBalancer(plan.lbPolicy, upstreams);
  const headersUp = compileHeaderOps(plan.headersUp);
  const headersDown = compileHeaderOps(plan.headersDown);
  const hostHeader = plan.hostHeader === null ? null : compileTemplate(plan.hostHeader);
  const logger = env.logger;

  /** Sends the upstream's answer to the client. Resolves when done, whichever side ended it. */
  async function relayResponse(ctx: RequestContext, upstream: Upstream, res: Dispatcher.ResponseData, watch: ClientWatch): Promise<void> {
    const headers: HeaderBag = withoutHopByHop(res.headers);
    headersDown?.(headers, ctx);
    const body: Readable = res.body;
    try {
      // No buffering happens between the upstream body and the client socket: every chunk is written as it
      // arrives, which is what flush_interval -1 and text/event-stream need.
      await ctx.response.stream(res.statusCode, headers, body);
    } catch (err) {
      // The head is out: the status can't change any more. Cut both sides so neither waits for the other.
      body.destroy();
      ctx.response.abort();
      if (!watch.gone()) {
        logger.warn({ upstream: upstream.origin, requestId: ctx.id, err: String(err) }, 'upstream response failed mid-body');
      }
    }
  }

  /** One try against one upstream: its response, or why there is none. */
  async function send(ctx: RequestContext, upstream: Upstream, path: string, body: LazyBody | null, watch: ClientWatch): Promise<Attempt> {
    const host = hostHeader?.(ctx) ?? clientHostHeader(ctx) ?? upstream.hostPort;
    const headers = upstreamHeaders(ctx, host);
    headersUp?.(headers, ctx);
    const options: RequestOptions = {
      method: ctx.method as Dispatcher.HttpMethod,
      path,
      // undici coerces the numbers header ops may leave behind.
      headers: headers as Record<string, string | string[]>,
      body,
      signal: watch.signal,
    };
    if (upstream.serverName !== null) options.servername = upstream.serverName;
    try {
      return { kind: 'response', res: await upstream.pool.request(options) };
    } catch (err) {
      if (err instanceof HttpError) throw err; // the client's body broke a limit (413)
      return { kind: 'failed', failure: classifyUpstreamError(err, watch.gone()) };
    }
  }

  return {
    handle: async (ctx) => {
      if (isUpgradeRequest(ctx.headers)) {
        throw new HttpError(502, 'Bad Gateway: websocket proxying not enabled', `Upgrade: ${String(ctx.headers.upgrade)} is not proxied yet`);
      }
      const hasBody = requestHasBody(ctx);
      const source = hasBody ? ctx.body() : null;
      const mayRetry = !hasBody || IDEMPOTENT.has(ctx.method);
      const path = upstreamTarget(ctx);
      const tried = new Set<Upstream>();
      const failures: string[] = [];
      const watch = watchClient(ctx.req);
      try {
        for (let attempt = 0; ; attempt++) {
          const upstream = pick(ctx, tried);
          if (upstream === null) throw noUpstreamReachable(failures);
          tried.add(upstream);
          // A fresh view of the body per try: a refused try leaves the client's stream untouched.
          const body = source === null ? null : new LazyBody(source);
          upstream.inFlight++;
          try {
            const outcome = await send(ctx, upstream, path, body, watch);
            if (outcome.kind === 'response') {
              await relayResponse(ctx, upstream, outcome.res, watch);
              return;
            }
            const failure = outcome.failure;
            switch (failure.kind) {
              case 'client-gone':
                ctx.response.abort();
                return;
              case 'connect':
                upstream.markRefused(Date.now());
                failures.push(`${upstream.origin}: ${failure.code}`);
                if (mayRetry && (body === null || !body.started) && attempt < plan.retries) continue;
                throw noUpstreamReachable(failures);
              case 'header-timeout':
                throw new HttpError(504, 'Gateway Timeout', `${upstream.origin} sent no response head within ${plan.responseHeaderTimeoutMs}ms`);
              case 'broken':
                throw new HttpError(502, 'Bad Gateway', `${upstream.origin}: ${failure.code}: ${failure.message}`);
              default: {
                const unknown: never = failure;
                throw new Error(`unexpected upstream failure ${JSON.stringify(unknown)}`);
              }
            }
          } finally {
            upstream.inFlight--;
          }
        }
      } finally {
        watch.dispose();
      }
    },
    close: async () => {
      await Promise.all(upstreams.map((u) => u.close()));
    },
  };
};

/** Whether the client sends a body: framing headers on HTTP/1.1; on HTTP/2 a stream not ended by its head. */
function requestHasBody(ctx: RequestContext): boolean {
  const length = ctx.headers['content-length'];
  if (length !== undefined) return length !== '0';
  if (ctx.headers['transfer-encoding'] !== undefined) return true;
  const req = ctx.req;
  return 'stream' in req && req.stream !== undefined && !req.stream.endAfterHeaders;
}
