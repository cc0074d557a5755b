/**
 * `file_server`: serves files from a root — safe path mapping, hidden files, directory redirects, index files,
 * listings, precompressed siblings, conditional and range requests.
 *
 * Invariant: nothing outside the root (lexically, and through symlinks by real path) is ever opened or
 * answered from memory, and dotfiles and `hide` globs answer exactly like a missing file. Each provisioned
 * handler has its own file cache (static/file-cache.ts), dropped when the handler is closed.
 */
import path from 'node:path';
import { HttpError, type HandlerFactory, type Next, type RequestContext } from '../http/handler.ts';
import type { FileServerHandler } from '../plan/plan.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { readListing, renderListingHtml, renderListingJson, wantsJson } from './static/browse.ts';
import { FileCache } from './static/file-cache.ts';
import { compileHide } from './static/hide.ts';
import { contentTypeFor } from './static/mime-types.ts';
import { findPrecompressed } from './static/precompressed.ts';
import { fsErrorToHttp, lookup, mapUnderRoot, relativeToRoot, type Lookup } from './static/safe-path.ts';
import { serveFile, type FileToServe } from './static/serve-file.ts';

export const fileServer: HandlerFactory<FileServerHandler> = (plan) => {
  const rootOf = compileRoot(plan);
  const isHidden = compileHide(plan.hide);
  const cache = new FileCache();
  // With a status override the file is an error page, answered whatever the method of the failed request.
  const checkMethod = plan.status === null;
  const varyEncoding = plan.precompressed.length > 0;

  /** Answers 405 (with Allow) to methods other than GET and HEAD; true when it did. */
  function refuseMethod(ctx: RequestContext): boolean {
    if (!checkMethod || ctx.method === 'GET' || ctx.method === 'HEAD') return false;
    ctx.response.send(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, '405 Method Not Allowed\n');
    return true;
  }

  async function notFound(next: Next, detail: string): Promise<void> {
    if (plan.passThru) return next();
    throw new HttpError(404, 'Not Found', detail);
  }

  async function serveRegularFile(ctx: RequestContext, root: string, abs: string, found: FoundFile): Promise<void> {
    if (refuseMethod(ctx)) return;
    const sibling = varyEncoding ? await findPrecompressed(root, abs, ctx.headers, plan.precompressed, cache) : null;
    const file: FileToServe = {
      abs: sibling?.found.abs ?? abs,
      coding: sibling?.coding ?? null,
      contentType: contentTypeFor(abs),
      varyEncoding,
      status: plan.status,
    };
    await serveFile(ctx, file, sibling?.found ?? found, cache);
  }

  /** Serves the directory's first index file that exists; false when there is none. */
  async function serveIndex(ctx: RequestContext, root: string, dir: string): Promise<boolean> {
    for (const name of plan.index) {
      const abs = mapUnderRoot(dir, '/' + name);
      if (abs === null || isHidden(relativeToRoot(root, abs), abs)) continue;
      const found = await lookup(root, abs, cache);
      if (found.kind === 'file') {
        await serveRegularFile(ctx, root, abs, found);
        return true;
      }
    }
    return false;
  }

  async function serveDirectory(ctx: RequestContext, next: Next, root: string, dir: string, indexTried: boolean): Promise<void> {
    const location = directoryRedirect(ctx);
    if (location !== null) {
      ctx.response.send(308, { location }, null);
      return;
    }
    if (!indexTried && (await serveIndex(ctx, root, dir))) return;
    if (!plan.browse) return notFound(next, `${dir} has no index file and browse is off`);
    if (refuseMethod(ctx)) return;
    const relDir = relativeToRoot(root, dir);
    const entries = await readListing(dir, (name) => {
      const abs = path.join(dir, name);
      return isHidden(relDir === '' ? name : `${relDir}/${name}`, abs);
    }).catch((err: unknown) => {
      throw fsErrorToHttp(err, dir);
    });
    const json = wantsJson(firstValue(ctx.headers.accept));
    const body = json ? renderListingJson(entries) : renderListingHtml(ctx.path, entries);
    ctx.response.send(
      plan.status ?? 200,
      {
        'content-type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-cache',
        vary: 'Accept',
      },
      ctx.method === 'HEAD' ? null : body,
    );
  }

  return {
    handle: async (ctx, next) => {
      const root = rootOf(ctx);
      const abs = mapUnderRoot(root, ctx.path);
      if (abs === null) return notFound(next, `${JSON.stringify(ctx.path)} escapes the root`);
      if (isHidden(relativeToRoot(root, abs), abs)) return notFound(next, `${abs} is hidden`);
      // A path ending in "/" asks for a directory: try its index files first, which costs one stat when the
      // first one is there (each is checked under the root on its own, like any file).
      const indexTried = ctx.path.endsWith('/');
      if (indexTried && (await serveIndex(ctx, root, abs))) return;
      const found: Lookup = await lookup(root, abs, cache);
      switch (found.kind) {
        case 'file':
          return serveRegularFile(ctx, root, abs, found);
        case 'directory':
          return serveDirectory(ctx, next, root, abs, indexTried);
        case 'missing':
          return notFound(next, `${abs} not found`);
        case 'forbidden':
          throw new HttpError(403, 'Forbidden', `${abs}: permission denied`);
        default: {
          const unknown: never = found;
          throw new Error(`unexpected lookup ${JSON.stringify(unknown)}`);
        }
      }
    },
    close: async () => cache.clear(),
  };
};

type FoundFile = Lookup & { readonly kind: 'file' };

/**
 * The root for a request: the handler's own template, else the site's `root`, else the working directory.
 * A literal root is resolved once; otherwise the last resolution is reused while the raw root repeats.
 */
function compileRoot(plan: FileServerHandler): (ctx: RequestContext) => string {
  const template = plan.root;
  if (template !== null && template.every((piece) => typeof piece === 'string')) {
    const fixed = path.resolve(template.join(''));
    return () => fixed;
  }
  const raw = template === null ? (ctx: RequestContext) => ctx.root ?? process.cwd() : compileTemplate(template);
  let lastRaw: string | null = null;
  let lastResolved = '';
  return (ctx) => {
    const value = raw(ctx);
    if (value !== lastRaw) {
      lastResolved = path.resolve(value);
      lastRaw = value;
    }
    return lastResolved;
  };
}

/**
 * `/dir` → `/dir/` so relative links in the directory's page resolve. Built from the URI the client sent
 * (a `handle_path` prefix must stay in the redirect), keeping its query. Null when no redirect is needed.
 */
function directoryRedirect(ctx: RequestContext): string | null {
  if (ctx.path.endsWith('/')) return null;
  const raw = ctx.originalUri;
  const q = raw.indexOf('?');
  let rawPath = q < 0 ? raw : raw.slice(0, q);
  if (!rawPath.startsWith('/')) {
    // absolute-form request-target ("http://host/dir")
    try {
      rawPath = new URL(rawPath).pathname;
    } catch {
      return null;
    }
  }
  // Rewritten to a directory from a URI that already ends in "/": serve it instead of redirecting forever.
  if (rawPath.endsWith('/')) return null;
  // "//evil.example/x" or "/\\evil.example/x" would be a protocol-relative redirect to another host.
  rawPath = rawPath.replace(/^[/\\]+/, '/');
  return `${rawPath}/${q < 0 ? '' : raw.slice(q)}`;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
