/**
 * One request, start to finish: host → site, request context, the site's route list, the error path, then
 * (when the response closes) access log and metrics.
 *
 * Invariant: the listener state is captured once at arrival, so a request runs entirely on the plan it
 * started with, even if a reload swaps plans meanwhile; nothing thrown here reaches Node (never a crash).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { HttpError } from '../http/handler.ts';
import { normalizeHost } from '../http/host.ts';
import { Context } from '../http/request-context.ts';
import { parseRequestTarget } from '../http/request-target.ts';
import { type DrainProbe, Response } from '../http/response.ts';
import type { ListenerState, ProvisionedPlan, ProvisionedSite } from '../provision/provisioned-plan.ts';
import { lookupSite } from '../routing/host-lookup.ts';
import { handleFailure } from './failure.ts';
import { recordFinished } from './finish.ts';

export interface ListenerInfo {
  readonly key: string;
  readonly scheme: 'http' | 'https';
  /** The port actually bound (tests bind port 0). */
  readonly port: number;
  readonly drain: DrainProbe;
}

const NOTHING_MORE = (): Promise<void> => Promise.resolve();
const NO_ROUTE_ANSWERED = 'no route answered';

export function dispatch(state: ListenerState, req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, info: ListenerInfo): void {
  const arrived = Date.now();
  const http2 = req.httpVersionMajor === 2;
  const method = req.method ?? 'GET';
  const response = new Response(res, { http2, method, drain: info.drain });
  const headers = req.headers;
  const authority = (http2 ? (headers[':authority'] as string | undefined) : undefined) ?? headers.host ?? '';
  const host = normalizeHost(authority);
  const owner = state.owner;
  const siteIndex = lookupSite(state.plan.hosts, host);
  if (siteIndex === -1) {
    response.send(404, { 'content-type': 'text/plain; charset=utf-8' }, `404 Not Found: no site for host ${JSON.stringify(host)}\n`);
    if (owner.metricsOn) owner.services.metrics.error('', 'no_site');
    return;
  }
  const site = state.sites[siteIndex];
  const rawUrl = req.url ?? '/';
  const target = parseRequestTarget(rawUrl);
  const socket = req.socket;
  const ctx = new Context({
    req,
    response,
    site: site.plan,
    plan: owner.plan,
    id: randomUUID(),
    scheme: info.scheme,
    proto: http2 ? 'http/2' : 'http/1.1',
    remoteIp: unmapIPv4(socket.remoteAddress ?? ''),
    remotePort: socket.remotePort ?? 0,
    host,
    authority,
    port: info.port,
    method,
    path: target.kind === 'ok' ? target.path : '/',
    query: target.kind === 'ok' ? target.query : '',
    originalUri: rawUrl,
    headers,
    maxBodyBytes: owner.plan.global.limits.maxBodyBytes,
    uriDependent: owner.matchers.uriDependent,
  });

  owner.acquire();
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) owner.release();
  };
  res.once('close', () => {
    recordFinished(owner, site, ctx, response, arrived);
    done();
  });
  const run = target.kind === 'ok' ? runSite(owner, site, ctx) : handleFailure(owner, site, ctx, new HttpError(400, target.reason));
  run.then(done, (err: unknown) => {
    // handleFailure never rejects; this is the last line of defence.
    owner.services.logger.error({ err, id: ctx.id }, 'request pipeline failed');
    if (!response.headSent) response.abort();
    done();
  });
}

async function runSite(owner: ProvisionedPlan, site: ProvisionedSite, ctx: Context): Promise<void> {
  try {
    await site.routes(ctx, NOTHING_MORE);
    if (!ctx.response.headSent) throw new HttpError(404, 'Not Found', NO_ROUTE_ANSWERED);
  } catch (err) {
    await handleFailure(owner, site, ctx, err);
  }
}

/** A dual-stack listener reports IPv4 peers as "::ffff:a.b.c.d": logs, placeholders and matchers see "a.b.c.d". */
function unmapIPv4(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
