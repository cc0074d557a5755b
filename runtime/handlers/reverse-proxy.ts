/**
 * `reverse_proxy`: sends each request to an upstream of its pool, streams bodies both ways with
 * backpressure, retries refused connections on another upstream, and maps failures to 502 / 504. The
 * per-request work lives in proxy/exchange.ts; the pools (upstreams, connections, balancing) are provisioned
 * by the plan through the server's PoolRegistry and shared with every handler using them; this file
 * provisions what is per handler: header edits, the pool chooser (one pool, or a traffic split: proxy/split.ts)
 * and the mirror (proxy/mirror.ts).
 *
 * Invariant: every upstream request ends (completed, or aborted when the client goes away or the upstream
 * breaks); no socket outlives the request that used it except as an idle keep-alive connection in its pool.
 */
import type { HandlerFactory, RequestContext } from '../http/handler.ts';
import type { ReverseProxyHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { compileHeaderOps } from './header-ops.ts';
import { ProxyExchange, type ProxyRoute } from './proxy/exchange.ts';
import { RequestMirror } from './proxy/mirror.ts';
import type { UpstreamPool } from './proxy/pool.ts';
import { TrafficSplit } from './proxy/split.ts';

export const reverseProxy: HandlerFactory<ReverseProxyHandler> = (plan, env) => {
  const route: ProxyRoute = {
    flushImmediately: plan.flushIntervalMs === -1,
    headersUp: compileHeaderOps(plan.headersUp),
    headersDown: compileHeaderOps(plan.headersDown),
    hostHeader: plan.hostHeader === null ? null : compileTemplate(plan.hostHeader),
    logger: env.logger,
  };
  const choose = poolChooser(plan, env.pools);
  const mirror = plan.mirror === null ? null : new RequestMirror(plan.mirror, env.pools[plan.mirror.pool], route.headersUp, route.hostHeader, env.logger);

  return {
    handle: (ctx) => {
      try {
        const pool = choose(ctx);
        return new ProxyExchange(route, pool, ctx, mirror?.copy(ctx)).run();
      } catch (err) {
        // A declared body over the limit (413) throws before anything is sent.
        return Promise.reject(err);
      }
    },
    ...(mirror === null ? {} : { close: async () => mirror.close() }),
  };
};

/** The handler's pool, or a traffic split choosing one per request. */
function poolChooser(plan: ReverseProxyHandler, pools: readonly UpstreamPool[]): (ctx: RequestContext) => UpstreamPool {
  if (plan.pool !== null) {
    const pool = pools[plan.pool];
    return () => pool;
  }
  if (plan.split === null) throw new Error('reverse_proxy without a pool or a split');
  const split = new TrafficSplit(plan.split, pools);
  return (ctx) => split.choose(ctx);
}
