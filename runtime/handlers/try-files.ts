/**
 * `try_files`: rewrites to the first candidate that exists under the root (a file, or a directory when the
 * candidate ends with "/"); when none exists, answers the fallback status or leaves the request as it is.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type HandlerFactory, HttpError, type RequestContext } from '../http/handler.ts';
import { normalizePath } from '../http/request-target.ts';
import type { TryFilesHandler } from '../plan/plan.ts';
import { type CompiledTemplate, compileTemplate } from '../template/compile-template.ts';
import { applyRewrite } from './rewrite.ts';

export const tryFiles: HandlerFactory<TryFilesHandler> = (plan) => {
  const rootOf = rootResolver(plan.root === null ? null : compileTemplate(plan.root));
  const candidates = plan.candidates.map(compileTemplate);
  const fallback = plan.fallback;
  return {
    handle: async (ctx, next) => {
      const root = rootOf(ctx);
      for (const candidate of candidates) {
        const target = candidate(ctx);
        if (await exists(root, target)) {
          applyRewrite(ctx, target);
          return next();
        }
      }
      if (fallback !== null) throw new HttpError(fallback.status, '', `try_files: no candidate exists for ${ctx.path}`);
      return next();
    },
  };
};

function rootResolver(template: CompiledTemplate | null): (ctx: RequestContext) => string {
  if (template !== null) return template;
  return (ctx) => ctx.root ?? process.cwd();
}

/** Whether the candidate's path part names an existing file (or directory, for a trailing "/") under root. */
async function exists(root: string, target: string): Promise<boolean> {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (path === '') return false;
  const normalised = normalizePath(path);
  const wantDir = normalised.endsWith('/');
  try {
    const info = await stat(join(root, normalised));
    return wantDir ? info.isDirectory() : info.isFile();
  } catch {
    return false;
  }
}
