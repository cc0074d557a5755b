/**
 * `reverse_proxy`: sends each request to an upstream of its pool, streams bodies both ways with
 * backpressure, retries refused connections on another upstream, and maps failures to 502 / 504. The
 * per-request work lives in proxy/exchange.ts; the pools (upstreams, connections, balancing) are provisioned
 * by the plan through the server's PoolRegistry and shared with every handler using them; this file
 * provisions what is per handler.
 *
 * Invariant: every upstream request ends (completed, or aborted when the client goes away or the upstream
 * breaks); no socket outlives the request that used it except as an idle keep-alive connection in its pool.
 */
import type { HandlerFactory } from '../http/handler.ts';
import type { ReverseProxyHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { compileHeaderOps } from './header-ops.ts';
import { ProxyExchange, type ProxyRoute } from './proxy/exchange.ts';

export const reverseProxy: HandlerFactory<ReverseProxyHandler> = (plan, env) => {
  if (plan.pool === null || plan.split !== null || plan.mirror !== null) {
    throw new Error('traffic splitting and mirroring are not supported by this runtime yet');
  }
  const pool = env.pools[plan.pool];
  const route: ProxyRoute = {
    flushImmediately: plan.flushIntervalMs === -1,
    headersUp: compileHeaderOps(plan.headersUp),
    headersDown: compileHeaderOps(plan.headersDown),
    hostHeader: plan.hostHeader === null ? null : compileTemplate(plan.hostHeader),
    logger: env.logger,
  };

  return {
    handle: (ctx) => {
      try {
        return new ProxyExchange(route, pool, ctx).run();
      } catch (err) {
        // A declared body over the limit (413) throws before anything is sent.
        return Promise.reject(err);
      }
    },
  };
};
