/** When a response is over (finished or torn down): the request metrics and the access log line. */
import type { Context } from '../http/request-context.ts';
import type { Response } from '../http/response.ts';
import { isoTime } from '../log/iso-time.ts';
import type { ProvisionedSite } from '../provision/provisioned-plan.ts';

/** `arrived` is the wall-clock arrival time (Date.now()); only read when the site has an access log. */
export function recordFinished(site: ProvisionedSite, ctx: Context, response: Response, arrived: number): void {
  const log = site.accessLog;
  const tally = site.tally;
  if (log === null && tally === null) return;
  const seconds = Number(process.hrtime.bigint() - ctx.start) / 1e9;
  const method = ctx.req.method ?? ctx.method;
  if (tally !== null) tally.requestDone(method, response.status, seconds);
  if (log === null) return;
  const ua = ctx.req.headers['user-agent'];
  log.write({
    ts: isoTime(arrived),
    id: ctx.id,
    remote_ip: ctx.remoteIp,
    client_ip: ctx.clientIp,
    method,
    host: ctx.host,
    uri: ctx.originalUri,
    proto: ctx.proto,
    status: response.status,
    size: response.bytesWritten,
    duration_ms: Math.round(seconds * 1e6) / 1e3,
    user_agent: typeof ua === 'string' ? ua : '',
    site: site.plan.name,
  });
}
