/**
 * Passive health checks of a pool: `outlier { … }` (Envoy's outlier detection) in a `reverse_proxy` or
 * `upstream` block.
 *
 * Caddy's passive health settings are accepted too: `fail_duration` (turns them on), `max_fails`,
 * `unhealthy_status`, `unhealthy_latency`; they describe the same thing, so they can't be mixed with an `outlier` block (RWS3410).
 *
 * Invariant: `outlier` alone turns detection on with every default (5 failures in a row; 30s first ejection,
 * up to 5m; at most 50% of the pool ejected; 500 502 503 504 count as failures); `fail_duration d` means
 * `max_fails` (1) failures within d eject for d, any share of the pool; without either, outlier is null.
 */
import type { OutlierPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseInteger } from '../values/int.ts';
import { parsePercent } from '../values/percent.ts';
import { parseStatus } from '../values/status.ts';
import { allArgsOf, type Grouped, lineOf, parseList, settingReader } from './block-lines.ts';

export const OUTLIER_DEFAULTS: OutlierPlan = {
  consecutiveFailures: 5,
  failureStatuses: [500, 502, 503, 504],
  windowMs: 0,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  maxEjectionPercent: 50,
  maxLatencyMs: 0,
};

const OUTLIER_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'consecutive_failures',
    summary: 'Failures that eject an upstream: in a row, or within `window` (default 5).',
    args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'A number of failures.' }],
  },
  {
    name: 'window',
    summary: 'Count failures within this time instead of in a row (default: in a row).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `30s`.' }],
  },
  {
    name: 'base_ejection',
    summary: 'How long the first ejection lasts; each further one doubles (default 30s).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `10s`.' }],
  },
  {
    name: 'max_ejection',
    summary: 'The longest an ejection lasts (default 5m).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `5m`.' }],
  },
  {
    name: 'max_ejection_percent',
    summary: 'Never eject more than this share of the pool at once (default 50%).',
    args: [{ name: 'percent', type: { kind: 'string' }, docs: 'A percentage such as `50%`.' }],
  },
  {
    name: 'max_latency',
    summary: 'A response head slower than this counts as a failure too (default: latency not judged).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `2s`.' }],
  },
  {
    name: 'statuses',
    summary: 'Response statuses that count as failures (default 500 502 503 504).',
    args: [{ name: 'statuses', type: { kind: 'status' }, docs: 'Status codes.', variadic: true }],
  },
];

export const OUTLIER_SPEC: SubdirectiveSpec = {
  name: 'outlier',
  summary: 'Passive health checks: eject upstreams whose requests keep failing, for a back-off period.',
  args: [],
  block: OUTLIER_SUBDIRECTIVES,
};

/** Caddy's passive health check names, read into the same OutlierPlan. */
export const PASSIVE_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'fail_duration',
    summary: 'Caddy\'s passive health checks: remember failures this long; an upstream with `max_fails` of them is out as long.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `30s`.' }],
  },
  {
    name: 'max_fails',
    summary: 'Failures within `fail_duration` that take an upstream out (default 1).',
    args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'A number of failures.' }],
  },
  {
    name: 'unhealthy_latency',
    summary: 'A response head slower than this counts as a failure for `fail_duration`.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `2s`.' }],
  },
  {
    name: 'unhealthy_status',
    summary: 'Response statuses that count as failures for `fail_duration` (default: none, only errors and timeouts).',
    args: [{ name: 'statuses', type: { kind: 'string' }, docs: 'Status codes, or classes such as `5xx`.', variadic: true }],
  },
];

export const OUTLIER_DOCS = [
  '- **outlier** (passive health checks): real requests that fail — connection errors, timeouts, or a status in',
  '  `statuses` (`500 502 503 504`), or a response head slower than `max_latency` — eject an upstream after',
  '  `consecutive_failures` (`5`) in a row, or that many',
  '  within `window` when it is set. An ejection lasts `base_ejection` (`30s`), doubling each time the same',
  '  upstream is ejected again, up to `max_ejection` (`5m`); no more than `max_ejection_percent` (`50%`) of the',
  '  pool is ejected at once, though a pool of two or more may always eject one; a lone upstream is ejected only',
  '  at `100%` (then requests get 503 until it is back).',
  '- **fail_duration** / **max_fails** / **unhealthy_status** / **unhealthy_latency** (Caddy\'s passive health',
  '  checks, instead of an `outlier` block): `max_fails` (`1`) failures within `fail_duration` take an upstream',
  '  out for `fail_duration`; `unhealthy_status` lists statuses (`503`, `5xx`) that count as failures, and',
  '  `unhealthy_latency` makes a slower response head one.',
];

/** Null when invalid (reported); `outlier: null` when neither the block nor `fail_duration` is written. */
export function bindOutlier(grouped: Grouped, ctx: BindContext): { readonly outlier: OutlierPlan | null } | null {
  const line = lineOf(grouped, 'outlier');
  const caddy = PASSIVE_SUBDIRECTIVES.map((spec) => lineOf(grouped, spec.name)).find((l) => l !== null) ?? null;
  if (line !== null && caddy !== null) {
    ctx.error('RWS3410', `\`${caddy.args[0].value}\` and an \`outlier\` block both set passive health checks`, caddy.args[0].span, {
      notes: [{ message: '`outlier` given here', span: line.args[0].span }],
      hint: 'use one form: the `outlier { }` block, or Caddy\'s `fail_duration`, `max_fails` and `unhealthy_status`',
    });
    return null;
  }
  if (line === null) return caddy === null ? { outlier: null } : bindCaddyPassive(grouped, ctx);
  if (line.block === null) return { outlier: OUTLIER_DEFAULTS };
  const sub = ctx.subdirectives(line.block, OUTLIER_SUBDIRECTIVES);
  const settings = settingReader(sub);
  const d = OUTLIER_DEFAULTS;
  const consecutiveFailures = settings.read('consecutive_failures', d.consecutiveFailures, (a) => parseInteger(a, ctx, { min: 1 }));
  const windowMs = settings.read('window', d.windowMs, (a) => parseDuration(a, ctx));
  const baseEjectionMs = settings.read('base_ejection', d.baseEjectionMs, (a) => parseDuration(a, ctx));
  const maxEjectionMs = settings.read('max_ejection', Math.max(d.maxEjectionMs, baseEjectionMs), (a) => parseDuration(a, ctx));
  const maxEjectionPercent = settings.read('max_ejection_percent', d.maxEjectionPercent, (a) => parsePercent(a, ctx));
  const maxLatencyMs = settings.read('max_latency', d.maxLatencyMs, (a) => parseDuration(a, ctx));
  const statuses = sub.has('statuses') ? parseList(allArgsOf(sub, 'statuses'), ctx, (a) => parseStatus(a, ctx), 'status') : d.failureStatuses;
  if (!settings.ok || statuses === null) return null;
  const maxLine = lineOf(sub, 'max_ejection');
  if (maxLine !== null && maxEjectionMs < baseEjectionMs) {
    ctx.error('RWS3405', `max_ejection (${maxEjectionMs}ms) is shorter than base_ejection (${baseEjectionMs}ms)`, maxLine.args[1].span, {
      hint: 'ejections start at base_ejection and double up to max_ejection: make max_ejection at least as long',
    });
    return null;
  }
  return { outlier: { consecutiveFailures, failureStatuses: statuses, windowMs, baseEjectionMs, maxEjectionMs, maxEjectionPercent, maxLatencyMs } };
}

/** `fail_duration d [max_fails n] [unhealthy_status …]`: n failures within d take an upstream out for d. */
function bindCaddyPassive(grouped: Grouped, ctx: BindContext): { readonly outlier: OutlierPlan | null } | null {
  const settings = settingReader(grouped);
  const durationMs = settings.read('fail_duration', 0, (a) => parseDuration(a, ctx));
  const maxFails = settings.read('max_fails', 1, (a) => parseInteger(a, ctx, { min: 1 }));
  const maxLatencyMs = settings.read('unhealthy_latency', 0, (a) => parseDuration(a, ctx));
  const statuses = grouped.has('unhealthy_status') ? parseList(allArgsOf(grouped, 'unhealthy_status'), ctx, (a) => statusOrClass(a, ctx), 'status', String) : [];
  if (!settings.ok || statuses === null) return null;
  if (durationMs === 0) {
    const other = lineOf(grouped, 'max_fails') ?? lineOf(grouped, 'unhealthy_status') ?? lineOf(grouped, 'unhealthy_latency') ?? lineOf(grouped, 'fail_duration')!;
    ctx.warn('RWS3411', `\`${other.args[0].value}\` has no effect without a \`fail_duration\``, other.args[0].span, {
      hint: 'add `fail_duration 30s` (how long a failure counts and an upstream stays out) to turn passive health checks on',
    });
    return { outlier: null };
  }
  return {
    outlier: {
      consecutiveFailures: maxFails,
      failureStatuses: statuses.flat(),
      windowMs: durationMs,
      baseEjectionMs: durationMs,
      maxEjectionMs: durationMs,
      maxEjectionPercent: 100,
      maxLatencyMs,
    },
  };
}

/** `503`, or a class `5xx` (every status in it). */
function statusOrClass(arg: Arg, ctx: BindContext): number[] | null {
  const klass = /^([1-5])xx$/i.exec(arg.value);
  if (klass !== null) {
    const base = Number(klass[1]) * 100;
    return Array.from({ length: 100 }, (_, i) => base + i);
  }
  const status = parseStatus(arg, ctx);
  return status === null ? null : [status];
}
