/**
 * The error path: an HttpError (or any exception) raised while handling a request becomes the site's
 * handle_errors routes with ctx.error set, or the built-in plain-text response. Unexpected exceptions are
 * logged with their stack and answered 500. A response whose head is already out is torn down instead.
 */
import type { Http2ServerRequest } from 'node:http2';
import { ClientGoneError } from '../http/body-sink.ts';
import { HttpError, type NodeRequest } from '../http/handler.ts';
import type { Context } from '../http/request-context.ts';
import { PayloadTooLargeError, RequestAbortedError } from '../http/request-body.ts';
import { Response } from '../http/response.ts';
import type { ProvisionedPlan, ProvisionedSite } from '../provision/provisioned-plan.ts';
import { builtinErrorBody, sendBuiltinError } from './builtin-error.ts';

const NOTHING_MORE = (): Promise<void> => Promise.resolve();

export async function handleFailure(owner: ProvisionedPlan, site: ProvisionedSite, ctx: Context, err: unknown): Promise<void> {
  const { logger, metrics } = owner.services;
  const siteName = site.plan.name;
  if (err instanceof ClientGoneError || err instanceof RequestAbortedError || clientDisconnected(ctx.req)) {
    if (owner.metricsOn) metrics.error(siteName, 'client_gone');
    logger.debug({ id: ctx.id, site: siteName, err: (err as Error)?.message }, 'client went away');
    if (!ctx.response.headSent) ctx.response.abort();
    return;
  }
  const unexpected = !(err instanceof HttpError);
  if (unexpected) logger.error({ err, id: ctx.id, site: siteName, method: ctx.method, uri: ctx.originalUri }, 'handler failed');
  else if (err.status >= 500) logger.warn({ id: ctx.id, site: siteName, status: err.status, message: err.message, detail: err.detail }, 'request failed');
  if (owner.metricsOn) metrics.error(siteName, unexpected ? 'internal' : 'handler');
  if (ctx.response.headSent) {
    if (!unexpected) logger.warn({ id: ctx.id, site: siteName, status: err.status, detail: err.detail }, 'error after the response started: connection closed');
    ctx.response.abort();
    return;
  }
  const error = unexpected ? new HttpError(500, 'Internal Server Error') : err;
  if (error instanceof PayloadTooLargeError && ctx.response instanceof Response) ctx.response.closeConnection();
  if (site.errorRoutes !== null && ctx.error === null) {
    ctx.error = error;
    try {
      await site.errorRoutes(ctx, NOTHING_MORE);
    } catch (second) {
      logger.error({ err: second, id: ctx.id, site: siteName, status: error.status }, 'handle_errors failed');
      if (ctx.response.headSent) {
        ctx.response.abort();
        return;
      }
    }
    if (ctx.response.headSent) return;
  }
  try {
    sendBuiltinError(ctx.response, error, ctx.id);
  } catch (third) {
    // A head hook (e.g. a `header` op whose value Node rejects) broke even the error response.
    logger.error({ err: third, id: ctx.id, site: siteName }, 'error response failed: answering without header ops');
    if (ctx.response.headSent) ctx.response.abort();
    else if (ctx.response instanceof Response) ctx.response.sendBare(500, builtinErrorBody(new HttpError(500, 'Internal Server Error'), ctx.id));
    else ctx.response.abort();
  }
}

/** The client's connection (HTTP/1.1) or stream (HTTP/2) is gone: nobody is left to answer. */
function clientDisconnected(req: NodeRequest): boolean {
  if (req.httpVersionMajor === 2) return (req as Http2ServerRequest).stream.destroyed;
  return req.socket.destroyed;
}
