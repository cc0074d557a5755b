/** `error`: raises an HttpError for handle_errors (or the built-in error response). */
import { type HandlerFactory, HttpError } from '../http/handler.ts';
import type { ErrorHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

export const error: HandlerFactory<ErrorHandler> = (plan) => {
  const status = plan.status;
  const message = compileTemplate(plan.message);
  return {
    handle: async (ctx) => {
      throw new HttpError(status, message(ctx));
    },
  };
};
