/** `rewrite`: replaces the path (and the query when the result contains "?") with a templated value. */
import type { HandlerFactory, RequestContext } from '../http/handler.ts';
import { normalizePath } from '../http/request-target.ts';
import type { RewriteHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';

export const rewrite: HandlerFactory<RewriteHandler> = (plan) => {
  const to = compileTemplate(plan.to);
  return {
    handle: async (ctx, next) => {
      applyRewrite(ctx, to(ctx));
      await next();
    },
  };
};

/**
 * Applies a rewrite target: "/new/path", "/new?a=b", or "?a=b" (query only). The path part is taken as a
 * decoded path (templates produce decoded values such as {path}) and normalised, so a rewrite never climbs
 * above "/".
 */
export function applyRewrite(ctx: RequestContext, target: string): void {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (path !== '') ctx.path = normalizePath(path);
  if (q !== -1) ctx.query = target.slice(q + 1);
  ctx.uriChanged();
}
