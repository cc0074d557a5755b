/** `uri`: path surgery — strip_prefix, strip_suffix, substring replace, regexp replace. */
import type { HandlerFactory, RequestContext } from '../http/handler.ts';
import { normalizePath } from '../http/request-target.ts';
import type { UriHandler } from '../plan/plan.ts';

type PathEdit = (path: string) => string;

export const uri: HandlerFactory<UriHandler> = (plan) => {
  const edit = compileUriOp(plan.op);
  return {
    handle: async (ctx, next) => {
      applyPathEdit(ctx, edit);
      await next();
    },
  };
};

export function applyPathEdit(ctx: RequestContext, edit: PathEdit): void {
  const edited = edit(ctx.path);
  if (edited === ctx.path) return;
  ctx.path = normalizePath(edited);
  ctx.uriChanged();
}

export function compileUriOp(op: UriHandler['op']): PathEdit {
  switch (op.kind) {
    case 'strip_prefix': {
      const prefix = op.prefix.startsWith('/') ? op.prefix : `/${op.prefix}`;
      return (path) => (path.startsWith(prefix) ? `/${path.slice(prefix.length)}` : path);
    }
    case 'strip_suffix': {
      const suffix = op.suffix;
      return (path) => (suffix !== '' && path.endsWith(suffix) ? path.slice(0, path.length - suffix.length) : path);
    }
    case 'replace': {
      const { find, replace, limit } = op;
      if (find === '') return (path) => path;
      return (path) => replaceLimited(path, find, replace, limit);
    }
    case 'path_regexp': {
      const re = new RegExp(op.pattern, 'g');
      const replace = op.replace;
      return (path) => path.replace(re, replace);
    }
    default:
      return unreachable(op);
  }
}

/** Replaces the first `limit` occurrences (all when limit <= 0). */
function replaceLimited(s: string, find: string, replace: string, limit: number): string {
  if (limit <= 0) return s.split(find).join(replace);
  let out = '';
  let from = 0;
  for (let n = 0; n < limit; n++) {
    const at = s.indexOf(find, from);
    if (at === -1) break;
    out += s.slice(from, at) + replace;
    from = at + find.length;
  }
  return out + s.slice(from);
}

function unreachable(value: never): never {
  throw new Error(`unknown uri op ${JSON.stringify(value)}`);
}
