/** A route's handlers as one middleware chain: each handler's `next` runs the following one. */
import type { Handler } from '../http/handler.ts';

export function compose(handlers: readonly Handler[]): Handler {
  if (handlers.length === 0) return (_ctx, next) => next();
  if (handlers.length === 1) return handlers[0];
  const count = handlers.length;
  return (ctx, next) => {
    const step = (j: number): Promise<void> => (j === count ? next() : handlers[j](ctx, () => step(j + 1)));
    return step(0);
  };
}
