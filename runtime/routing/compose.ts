/** A route's handlers as one middleware chain: each handler's `next` runs the following one. */
import type { Handler, Next, RequestContext } from '../http/handler.ts';

export function compose(handlers: readonly Handler[]): Handler {
  if (handlers.length === 0) return (_ctx, next) => next();
  if (handlers.length === 1) return handlers[0];
  const count = handlers.length;
  // The last handler's `next` is the chain's own: only the handlers before it need a continuation.
  const stepFrom = (ctx: RequestContext, next: Next, j: number): Promise<void> => handlers[j](ctx, j + 1 === count ? next : () => stepFrom(ctx, next, j + 1));
  return (ctx, next) => stepFrom(ctx, next, 0);
}
