/** ReverseProxyHandler: work in progress (the factory's signature is final; the implementation lands in the next commits). */
import type { HandlerFactory } from '../http/handler.ts';
import { HttpError } from '../http/handler.ts';
import type { ReverseProxyHandler } from '../plan/plan.ts';

export const reverseProxy: HandlerFactory<ReverseProxyHandler> = (_plan, _env) => ({
  handle: async () => {
    throw new HttpError(501, 'Not Implemented');
  },
});
