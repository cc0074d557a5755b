/**
 * `header` / `request_header`: request ops edit ctx.headers now; response ops run when the response head
 * is written (whoever writes it: a handler further down, the proxy, or the error path).
 */
import type { HandlerFactory } from '../http/handler.ts';
import type { HeadersHandler } from '../plan/plan.ts';
import { compileHeaderOps, type HeaderBag } from './header-ops.ts';

export const headers: HandlerFactory<HeadersHandler> = (plan) => {
  const request = compileHeaderOps(plan.request);
  const response = compileHeaderOps(plan.response);
  return {
    handle: async (ctx, next) => {
      if (request !== null) request(ctx.headers as HeaderBag, ctx);
      if (response !== null) ctx.response.onHead((head) => response(head.headers as HeaderBag, ctx));
      await next();
    },
  };
};
