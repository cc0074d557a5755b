/**
 * `reverse_proxy` (basic form): balances requests over upstreams with one undici Pool each, streams bodies
 * both ways with backpressure, retries refused connections on another upstream, and maps failures to
 * 502 / 504. The per-request work lives in proxy/exchange.ts; this file provisions what it reads.
 *
 * Invariant: every upstream request ends (completed, or aborted when the client goes away or the upstream
 * breaks); no socket outlives the request that used it except as an idle keep-alive connection in its pool.
 */
import type { HandlerFactory } from '../http/handler.ts';
import type { ReverseProxyHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { compileHeaderOps } from './header-ops.ts';
import { createBalancer } from './proxy/balancer.ts';
import { ProxyExchange, type ProxyRoute } from './proxy/exchange.ts';
import { Upstream } from './proxy/upstream.ts';

export const reverseProxy: HandlerFactory<ReverseProxyHandler> = (plan, env) => {
  const upstreams = plan.upstreams.map((u, i) => new Upstream(i, u, plan));
  const route: ProxyRoute = {
    pick: createBalancer(plan.lbPolicy, upstreams),
    retries: plan.retries,
    responseHeaderTimeoutMs: plan.responseHeaderTimeoutMs,
    flushImmediately: plan.flushIntervalMs === -1,
    headersUp: compileHeaderOps(plan.headersUp),
    headersDown: compileHeaderOps(plan.headersDown),
    hostHeader: plan.hostHeader === null ? null : compileTemplate(plan.hostHeader),
    logger: env.logger,
  };

  return {
    handle: (ctx) => {
      try {
        return new ProxyExchange(route, ctx).run();
      } catch (err) {
        // A declared body over the limit (413) throws before anything is sent.
        return Promise.reject(err);
      }
    },
    close: async () => {
      await Promise.all(upstreams.map((u) => u.close()));
    },
  };
};
