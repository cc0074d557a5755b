/** `request_body`: lowers the body size limit for the rest of the request (413 when exceeded). */
import type { HandlerFactory } from '../http/handler.ts';
import type { RequestBodyHandler } from '../plan/plan.ts';

export const requestBody: HandlerFactory<RequestBodyHandler> = (plan) => {
  const max = plan.maxBytes;
  return {
    handle: async (ctx, next) => {
      if (ctx.maxBodyBytes === null || ctx.maxBodyBytes > max) ctx.maxBodyBytes = max;
      await next();
    },
  };
};
