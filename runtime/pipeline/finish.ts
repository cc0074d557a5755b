/** When a response is over (finished or torn down): the access log line and the request metrics. */
import type { Context } from '../http/request-context.ts';
import type { Response } from '../http/response.ts';
import type { ProvisionedPlan, ProvisionedSite } from '../provision/provisioned-plan.ts';

export function recordFinished(owner: ProvisionedPlan, site: ProvisionedSite, ctx: Context, response: Response, arrived: number): void {
  const log = site.accessLog;
  if (log === null && !owner.metricsOn) return;
  const seconds = Number(process.hrtime.bigint() - ctx.start) / 1e9;
  if (owner.metricsOn) owner.services.metrics.requestDone(site.plan.name, ctx.req.method ?? ctx.method, response.status, seconds);
  if (log === null) return;
  const ua = ctx.req.headers['user-agent'];
  log.write({
    ts: new Date(arrived).toISOString(),
    id: ctx.id,
    remote_ip: ctx.remoteIp,
    method: ctx.req.method ?? ctx.method,
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
