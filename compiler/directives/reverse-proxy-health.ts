/**
 * Active health checks of a pool (Caddy's names): `health_uri`, `health_port`, `health_method`,
 * `health_interval`, `health_timeout`, `health_status`, `health_body`, `health_header`, `health_passes`,
 * `health_fails`, written in a `reverse_proxy` or `upstream` block.
 *
 * Invariant: checks are on exactly when `health_uri` or `health_port` is written; every other field then has
 * its default (GET, every 30s, 5s timeout or the interval if shorter, status 200-399, 1 pass, 1 failure).
 */
import type { ActiveHealthPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseEnum } from '../values/enum.ts';
import { parseHeaderName } from '../values/header-name.ts';
import { parseInteger } from '../values/int.ts';
import { parsePort } from '../values/port.ts';
import { parseRegexp } from '../values/regexp.ts';
import { argsOf, type Grouped, lineOf, settingReader } from './block-lines.ts';

const METHODS = ['GET', 'HEAD'] as const;

export const HEALTH_DEFAULTS = {
  method: 'GET',
  intervalMs: 30_000,
  timeoutMs: 5_000,
  statusMin: 200,
  statusMax: 399,
  passes: 1,
  fails: 1,
} as const;

const duration = (name: string, summary: string): SubdirectiveSpec => ({
  name,
  summary,
  args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `10s`.' }],
});

const count = (name: string, summary: string): SubdirectiveSpec => ({
  name,
  summary,
  args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'How many in a row.' }],
});

export const HEALTH_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'health_uri',
    summary: 'Turn on active health checks: the path (and query) requested on each upstream.',
    args: [{ name: 'uri', type: { kind: 'string' }, docs: 'A path such as `/healthz`.' }],
  },
  {
    name: 'health_port',
    summary: 'Probe this port instead of the upstream\'s own (turns health checks on; the path defaults to `/`).',
    args: [{ name: 'port', type: { kind: 'int', min: 1, max: 65535 }, docs: 'A port number.' }],
  },
  {
    name: 'health_method',
    summary: 'The probe\'s method (default GET).',
    args: [{ name: 'method', type: { kind: 'enum', values: METHODS }, docs: '`GET` or `HEAD`.' }],
  },
  duration('health_interval', 'How often each upstream is probed (default 30s).'),
  duration('health_timeout', 'How long a probe may take before it counts as failed (default 5s).'),
  {
    name: 'health_status',
    summary: 'The statuses a healthy upstream answers with (default 200-399).',
    args: [{ name: 'status', type: { kind: 'string' }, docs: 'A status (`200`), a class (`2xx`) or a range (`200-399`).' }],
  },
  {
    name: 'health_body',
    summary: 'A regular expression the probe\'s response body must match.',
    args: [{ name: 'regexp', type: { kind: 'regexp' }, docs: 'Matched against the first 64 KiB of the body.' }],
  },
  {
    name: 'health_header',
    summary: 'A header sent with each probe (e.g. `Host`).',
    args: [
      { name: 'field', type: { kind: 'header-name' }, docs: 'The header name.' },
      { name: 'value', type: { kind: 'string' }, docs: 'Its value.' },
    ],
    repeatable: true,
  },
  count('health_passes', 'Passed probes in a row that bring an unhealthy upstream back (default 1).'),
  count('health_fails', 'Failed probes in a row that take an upstream out of rotation (default 1).'),
];

export const HEALTH_DOCS = [
  '- **Active health checks** (`health_uri` or `health_port` turns them on): each upstream is sent',
  '  `health_method` (`GET`) `health_uri` every `health_interval` (`30s`), with `health_header`s, through the',
  '  pool\'s own transport (TLS included). A probe passes when it answers within `health_timeout` (`5s`, or',
  '  the interval if shorter) with a status in `health_status` (`200-399`; also `2xx` or `200`) and, with',
  '  `health_body <regexp>`, a matching body. `health_fails` (`1`) failures in a row take the upstream out of',
  '  rotation; `health_passes` (`1`) passes in a row bring it back. When every upstream of a pool is out,',
  '  requests get 503.',
];

/** Null when invalid (reported); otherwise the checks, or `health: null` when they are off. */
export function bindHealth(sub: Grouped, ctx: BindContext): { readonly health: ActiveHealthPlan | null } | null {
  const uriLine = lineOf(sub, 'health_uri');
  const portLine = lineOf(sub, 'health_port');
  if (uriLine === null && portLine === null) {
    for (const spec of HEALTH_SUBDIRECTIVES) {
      const line = lineOf(sub, spec.name);
      if (line === null) continue;
      ctx.warn('RWS3403', `\`${spec.name}\` has no effect without \`health_uri\``, line.args[0].span, {
        hint: 'add `health_uri /healthz` (the path your upstreams answer health probes on) to turn active health checks on',
      });
      break;
    }
    return { health: null };
  }
  const settings = settingReader(sub);
  const uri = settings.read('health_uri', '/', (a) => parseUri(a, ctx));
  const port = settings.read<number | null>('health_port', null, (a) => parsePort(a, ctx));
  const method = settings.read<ActiveHealthPlan['method']>('health_method', HEALTH_DEFAULTS.method, (a) => parseEnum(a, ctx, METHODS, 'health_method'));
  const intervalMs = settings.read('health_interval', HEALTH_DEFAULTS.intervalMs, (a) => positiveDuration(a, ctx));
  // Unwritten, the timeout is never longer than the interval.
  const timeoutMs = settings.read('health_timeout', Math.min(HEALTH_DEFAULTS.timeoutMs, intervalMs), (a) => positiveDuration(a, ctx));
  const status = settings.read<readonly [number, number]>('health_status', [HEALTH_DEFAULTS.statusMin, HEALTH_DEFAULTS.statusMax], (a) => parseStatusRange(a, ctx));
  const bodyPattern = settings.read<string | null>('health_body', null, (a) => parseRegexp(a, ctx));
  const passes = settings.read('health_passes', HEALTH_DEFAULTS.passes, (a) => parseInteger(a, ctx, { min: 1 }));
  const fails = settings.read('health_fails', HEALTH_DEFAULTS.fails, (a) => parseInteger(a, ctx, { min: 1 }));
  const headers = healthHeaders(sub, ctx);
  if (!settings.ok || headers === null) return null;
  const timeoutLine = lineOf(sub, 'health_timeout');
  if (timeoutLine !== null && timeoutMs >= intervalMs) {
    const span = timeoutLine.args[1].span;
    ctx.warn('RWS3404', `health_timeout (${timeoutMs}ms) is not shorter than health_interval (${intervalMs}ms)`, span, {
      hint: 'a probe may take until the next one is due; make health_timeout shorter than health_interval',
    });
  }
  return {
    health: { uri, method, port, intervalMs, timeoutMs, statusMin: status[0], statusMax: status[1], bodyPattern, headers, passes, fails },
  };
}

function parseUri(arg: Arg, ctx: BindContext): string | null {
  if (!arg.value.startsWith('/') || /\s/.test(arg.value)) {
    ctx.error('RWS3402', `health_uri \`${arg.value}\` is not a path`, arg.span, { hint: 'write a path starting with `/`, e.g. `/healthz`' });
    return null;
  }
  return arg.value;
}

/** A duration above 0 (an interval or timeout of 0 makes no sense). */
function positiveDuration(arg: Arg, ctx: BindContext): number | null {
  const ms = parseDuration(arg, ctx);
  if (ms === 0) {
    ctx.error('RWS3101', `invalid duration \`${arg.value}\`: must be longer than 0`, arg.span, { hint: 'e.g. `10s`' });
    return null;
  }
  return ms;
}

/** `200`, `2xx` or `200-399`. */
export function parseStatusRange(arg: Arg, ctx: BindContext): readonly [number, number] | null {
  const text = arg.value;
  const fail = (why: string): null => {
    ctx.error('RWS3401', `invalid health_status \`${text}\`: ${why}`, arg.span, { hint: 'e.g. `200`, `2xx` or `200-399`' });
    return null;
  };
  const klass = /^([1-5])xx$/i.exec(text);
  if (klass !== null) {
    const base = Number(klass[1]) * 100;
    return [base, base + 99];
  }
  const range = /^(\d{3})(?:-(\d{3}))?$/.exec(text);
  if (range === null) return fail('expected a status, a class or a range');
  const min = Number(range[1]);
  const max = range[2] === undefined ? min : Number(range[2]);
  if (min < 100 || max > 599) return fail('statuses are between 100 and 599');
  if (max < min) return fail(`the range ends before it starts`);
  return [min, max];
}

function healthHeaders(sub: Grouped, ctx: BindContext): (readonly [string, string])[] | null {
  const out: (readonly [string, string])[] = [];
  let ok = true;
  for (const line of sub.get('health_header') ?? []) {
    const [name, value] = argsOf(line);
    const checked = parseHeaderName(name, ctx);
    if (checked === null) ok = false;
    else out.push([checked, value.value]);
  }
  return ok ? out : null;
}
