/**
 * The admin API:
 *   GET  /config  the serving plan (JSON)
 *   POST /load    body: Rwsfile text (header `Rws-Path`: its absolute path, for imports) → compile, apply
 *                 200 { ok:true, hash, changed } | 400 { ok:false, diagnostics, rendered } | 500 { ok:false, error }
 *   POST /stop    200 { ok:true }, then graceful shutdown
 *   GET  /health  200 { ok:true, hash }
 *   GET  /upstreams  200 { ok:true, upstreams: UpstreamReport[] } (every live pool's upstreams: health, load, counts)
 * Requests carrying an Origin header, or (over TCP) a Host that is not loopback, get 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AdminControl } from './admin-hooks.ts';
import { isLoopbackHost } from './loopback.ts';
import { BodyTooLargeError, readText } from './read-body.ts';

const MAX_RWSFILE_BYTES = 16 * 1024 * 1024;

type Route = (req: IncomingMessage, res: ServerResponse, control: AdminControl, logger: Logger) => Promise<void> | void;

const ROUTES: Readonly<Record<string, { readonly method: string; readonly run: Route }>> = {
  '/config': { method: 'GET', run: getConfig },
  '/load': { method: 'POST', run: postLoad },
  '/stop': { method: 'POST', run: postStop },
  '/health': { method: 'GET', run: getHealth },
  '/upstreams': { method: 'GET', run: getUpstreams },
};

export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, control: AdminControl, logger: Logger, overTcp: boolean): Promise<void> {
  if (req.headers.origin !== undefined) {
    json(res, 403, { ok: false, error: 'requests with an Origin header are refused (the admin endpoint is not for browsers)' });
    return;
  }
  const host = req.headers.host;
  if (overTcp && host !== undefined && !isLoopbackHost(host)) {
    json(res, 403, { ok: false, error: `host ${JSON.stringify(host)} is not a loopback name` });
    return;
  }
  const path = (req.url ?? '/').split('?')[0];
  const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (route === undefined) {
    json(res, 404, { ok: false, error: `no admin route ${path}; routes: ${Object.keys(ROUTES).join(', ')}` });
    return;
  }
  if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
    res.setHeader('allow', route.method === 'GET' ? 'GET, HEAD' : route.method);
    json(res, 405, { ok: false, error: `${path} takes ${route.method}` });
    return;
  }
  try {
    await route.run(req, res, control, logger);
  } catch (err) {
    logger.error({ err, path }, 'admin request failed');
    if (!res.headersSent) json(res, 500, { ok: false, error: (err as Error).message });
    else res.destroy();
  }
}

function getConfig(_req: IncomingMessage, res: ServerResponse, control: AdminControl): void {
  json(res, 200, control.currentPlan());
}

function getHealth(_req: IncomingMessage, res: ServerResponse, control: AdminControl): void {
  json(res, 200, { ok: true, hash: control.currentPlan().hash });
}

async function getUpstreams(_req: IncomingMessage, res: ServerResponse, control: AdminControl): Promise<void> {
  if (control.upstreams === undefined) {
    json(res, 501, { ok: false, error: 'this process serves no requests itself: ask a worker' });
    return;
  }
  json(res, 200, { ok: true, upstreams: await control.upstreams() });
}

function postStop(_req: IncomingMessage, res: ServerResponse, control: AdminControl): void {
  res.once('finish', () => control.stop());
  json(res, 200, { ok: true });
}

async function postLoad(req: IncomingMessage, res: ServerResponse, control: AdminControl, logger: Logger): Promise<void> {
  if (control.hooks === null) {
    json(res, 501, { ok: false, error: 'this server was started without a compiler: /load is not available' });
    return;
  }
  let text: string;
  try {
    text = await readText(req, MAX_RWSFILE_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      json(res, 413, { ok: false, error: `the Rwsfile is larger than ${MAX_RWSFILE_BYTES} bytes` });
      return;
    }
    throw err;
  }
  const pathHeader = req.headers['rws-path'];
  const path = typeof pathHeader === 'string' && pathHeader !== '' ? pathHeader : undefined;
  const result = await control.hooks.compile(path === undefined ? { text } : { text, path });
  if (result.plan === null) {
    logger.warn({ path, diagnostics: result.diagnostics.length }, 'admin load rejected: the config has errors');
    json(res, 400, { ok: false, error: 'the config has errors', diagnostics: result.diagnostics, rendered: result.rendered });
    return;
  }
  try {
    const { changed } = await control.apply(result.plan);
    json(res, 200, { ok: true, hash: result.plan.hash, changed });
  } catch (err) {
    logger.error({ err, path }, 'admin load failed: the previous config keeps serving');
    json(res, 500, { ok: false, error: (err as Error).message, diagnostics: [], rendered: '' });
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = `${JSON.stringify(value, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
