/**
 * One request, start to finish: host → site, request context, the site's route list, the error path, then
 * (when the response closes) access log, metrics and the connection's request count.
 *
 * Invariant: the listener state is captured once at arrival, so a request runs entirely on the plan it
 * started with, even if a reload swaps plans meanwhile; nothing thrown here reaches Node (never a crash).
 * Per request: one 'close' listener, one promise reaction on the route list, no work for features that are
 * off (no clock read for a site without an access log, no metrics call without a metrics endpoint).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { Socket } from 'node:net';
import { HttpError, type UpgradeTunnel } from '../http/handler.ts';
import { Context } from '../http/request-context.ts';
import { parseRequestTarget } from '../http/request-target.ts';
import { type DrainProbe, Response } from '../http/response.ts';
import type { ListenerState } from '../provision/provisioned-plan.ts';
import { handleFailure } from './failure.ts';
import { recordFinished } from './finish.ts';

/** A listener's count of HTTP/1.1 requests in progress per connection (for graceful draining). */
export interface RequestTracker extends DrainProbe {
  requestStarted(socket: Socket): void;
  requestEnded(socket: Socket): void;
}

export interface ListenerInfo {
  readonly key: string;
  readonly scheme: 'http' | 'https';
  /** The port actually bound (tests bind port 0). */
  readonly port: number;
  readonly connections: RequestTracker;
}

const NOTHING_MORE = (): Promise<void> => Promise.resolve();
const NO_ROUTE_ANSWERED = 'no route answered';

/** `upgrade`: set for an HTTP/1.1 request asking to switch protocols (the listener's 'upgrade' event). */
export function dispatch(
  state: ListenerState,
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
  info: ListenerInfo,
  upgrade: UpgradeTunnel | null = null,
): void {
  const http2 = req.httpVersionMajor === 2;
  // HTTP/2 streams are tracked through their session.
  const socket = http2 ? null : (req.socket as Socket);
  const connections = info.connections;
  if (socket !== null) connections.requestStarted(socket);
  const method = req.method ?? 'GET';
  const response = new Response(res, http2, method, connections);
  const headers = req.headers;
  const authority = (http2 ? (headers[':authority'] as string | undefined) : undefined) ?? headers.host ?? '';
  const { host, site: siteIndex } = state.hosts.resolve(authority);
  const owner = state.owner;
  if (siteIndex === -1) {
    if (socket !== null) res.on('close', () => connections.requestEnded(socket));
    response.send(404, { 'content-type': 'text/plain; charset=utf-8' }, `404 Not Found: no site for host ${JSON.stringify(host)}\n`);
    if (owner.metricsOn) owner.services.metrics.error('', 'no_site');
    return;
  }
  if (state.misdirected !== null && state.misdirected.misdirected(req, siteIndex)) {
    if (socket !== null) res.on('close', () => connections.requestEnded(socket));
    response.send(421, { 'content-type': 'text/plain; charset=utf-8' }, `421 Misdirected Request: this connection was not made for ${JSON.stringify(host)}; open a new one\n`);
    if (owner.metricsOn) owner.services.metrics.error('', 'misdirected');
    return;
  }
  const site = state.sites[siteIndex];
  const arrived = site.accessLog === null ? 0 : Date.now();
  const rawUrl = req.url ?? '/';
  const target = parseRequestTarget(rawUrl);
  const ctx = new Context({
    req,
    response,
    site: site.plan,
    plan: owner.plan,
    scheme: info.scheme,
    proto: http2 ? 'http/2' : 'http/1.1',
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
    matchSlots: site.matchSlots,
    upgrade,
  });

  owner.acquire();
  // Two things must end before the plan may be retired: the response (closed) and the handlers (settled).
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) owner.release();
  };
  // `on`, not `once` (no wrapper per request): 'close' comes once; the flag keeps it so if it ever did not.
  let closed = false;
  res.on('close', () => {
    if (closed) return;
    closed = true;
    if (socket !== null) connections.requestEnded(socket);
    recordFinished(site, ctx, response, arrived);
    done();
  });
  const fail = (err: unknown): void => {
    handleFailure(owner, site, ctx, err).then(done, (last: unknown) => {
      // handleFailure never rejects; this is the last line of defence.
      owner.services.logger.error({ err: last, id: ctx.id }, 'request pipeline failed');
      if (!response.headSent) response.abort();
      done();
    });
  };
  if (target.kind !== 'ok') {
    fail(new HttpError(400, target.reason));
    return;
  }
  let run: Promise<void>;
  try {
    run = site.routes(ctx, NOTHING_MORE);
  } catch (err) {
    fail(err);
    return;
  }
  run.then(() => {
    if (response.headSent) done();
    else fail(new HttpError(404, 'Not Found', NO_ROUTE_ANSWERED));
  }, fail);
}
