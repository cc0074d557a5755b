/** `root`: sets the site root that file_server and try_files read. */
import type { HandlerFactory } from '../http/handler.ts';
import type { RootHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

export const root: HandlerFactory<RootHandler> = (plan) => {
  const path = compileTemplate(plan.path);
  return {
    handle: async (ctx, next) => {
      ctx.root = path(ctx);
      await next();
    },
  };
};
