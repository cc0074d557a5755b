/**
 * Passive health checks of a pool: `outlier { … }` (Envoy's outlier detection) in a `reverse_proxy` or
 * `upstream` block.
 *
 * Invariant: `outlier` alone turns detection on with every default (5 failures in a row; 30s first ejection,
 * up to 5m; at most 50% of the pool ejected; 500 502 503 504 count as failures); without it, outlier is null.
 */
import type { OutlierPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseInteger } from '../values/int.ts';
import { parsePercent } from '../values/percent.ts';
import { parseStatus } from '../values/status.ts';
import { allArgsOf, lineOf, parseList, settingReader } from './block-lines.ts';

export const OUTLIER_DEFAULTS: OutlierPlan = {
  consecutiveFailures: 5,
  failureStatuses: [500, 502, 503, 504],
  windowMs: 0,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  maxEjectionPercent: 50,
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

export const OUTLIER_DOCS = [
  '- **outlier** (passive health checks): real requests that fail — connection errors, timeouts, or a status in',
  '  `statuses` (`500 502 503 504`) — eject an upstream after `consecutive_failures` (`5`) in a row, or that many',
  '  within `window` when it is set. An ejection lasts `base_ejection` (`30s`), doubling each time the same',
  '  upstream is ejected again, up to `max_ejection` (`5m`); no more than `max_ejection_percent` (`50%`) of the',
  '  pool is ejected at once.',
];

/** Null when invalid (reported); `outlier: null` when the block is absent. */
export function bindOutlier(line: Line | null, ctx: BindContext): { readonly outlier: OutlierPlan | null } | null {
  if (line === null) return { outlier: null };
  if (line.block === null) return { outlier: OUTLIER_DEFAULTS };
  const sub = ctx.subdirectives(line.block, OUTLIER_SUBDIRECTIVES);
  const settings = settingReader(sub);
  const d = OUTLIER_DEFAULTS;
  const consecutiveFailures = settings.read('consecutive_failures', d.consecutiveFailures, (a) => parseInteger(a, ctx, { min: 1 }));
  const windowMs = settings.read('window', d.windowMs, (a) => parseDuration(a, ctx));
  const baseEjectionMs = settings.read('base_ejection', d.baseEjectionMs, (a) => parseDuration(a, ctx));
  const maxEjectionMs = settings.read('max_ejection', Math.max(d.maxEjectionMs, baseEjectionMs), (a) => parseDuration(a, ctx));
  const maxEjectionPercent = settings.read('max_ejection_percent', d.maxEjectionPercent, (a) => parsePercent(a, ctx));
  const statuses = sub.has('statuses') ? parseList(allArgsOf(sub, 'statuses'), ctx, (a) => parseStatus(a, ctx), 'status') : d.failureStatuses;
  if (!settings.ok || statuses === null) return null;
  const maxLine = lineOf(sub, 'max_ejection');
  if (maxLine !== null && maxEjectionMs < baseEjectionMs) {
    ctx.error('RWS3405', `max_ejection (${maxEjectionMs}ms) is shorter than base_ejection (${baseEjectionMs}ms)`, maxLine.args[1].span, {
      hint: 'ejections start at base_ejection and double up to max_ejection: make max_ejection at least as long',
    });
    return null;
  }
  return { outlier: { consecutiveFailures, failureStatuses: statuses, windowMs, baseEjectionMs, maxEjectionMs, maxEjectionPercent } };
}
