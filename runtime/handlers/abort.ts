/** `abort`: closes the connection (HTTP/2: resets the stream) without a response. */
import type { HandlerFactory } from '../http/handler.ts';
import type { AbortHandler } from '../plan/plan.ts';

export const abort: HandlerFactory<AbortHandler> = () => ({
  handle: async (ctx) => {
    ctx.response.abort();
  },
});
