/** `vars`: sets request variables ({vars.name}). */
import type { HandlerFactory } from '../http/handler.ts';
import type { VarsHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

export const vars: HandlerFactory<VarsHandler> = (plan) => {
  const entries = Object.entries(plan.vars).map(([name, value]) => [name, compileTemplate(value)] as const);
  return {
    handle: async (ctx, next) => {
      for (const [name, value] of entries) ctx.vars.set(name, value(ctx));
      await next();
    },
  };
};
