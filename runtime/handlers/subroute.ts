/** `route` / `handle` / `handle_path`: a nested route list whose end continues with the outer list. */
import type { HandlerFactory } from '../http/handler.ts';
import type { SubrouteHandler } from '../plan/plan.ts';

export const subroute: HandlerFactory<SubrouteHandler> = (plan, env) => {
  const routes = env.buildRoutes(plan.routes);
  return { handle: (ctx, next) => routes(ctx, next) };
};
