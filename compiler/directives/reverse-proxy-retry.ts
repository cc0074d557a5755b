/**
 * Retries of a pool: `retries { tries …; try_duration …; interval …; statuses …; on_timeout; budget … }`, or
 * Caddy's short forms `lb_retries`, `lb_try_duration`, `lb_try_interval`; and `total_timeout`, the limit on
 * the whole exchange including its retries.
 *
 * Invariant: every RetryPlan field has its default (no retries; budget 20% + 10/s); a setting written in both
 * forms is RWS3407; `lb_try_duration` without a count allows as many tries as fit in it, one per interval.
 */
import type { RetryPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseInteger } from '../values/int.ts';
import { parsePercent } from '../values/percent.ts';
import { parseStatus } from '../values/status.ts';
import { allArgsOf, argsOf, type Grouped, lineOf, parseList } from './block-lines.ts';

export const DEFAULT_RETRY: RetryPlan = {
  tries: 0,
  tryDurationMs: 0,
  intervalMs: 0,
  statuses: [],
  onTimeout: false,
  budget: { ratio: 0.2, minPerSec: 10 },
};

/** The tries a `retries { }` block allows when it does not say (`tries`). */
const BLOCK_TRIES = 2;
/** Caddy's lb_try_interval default, used to count the tries that fit in lb_try_duration. */
const DURATION_INTERVAL_MS = 250;

const RETRY_BLOCK: readonly SubdirectiveSpec[] = [
  {
    name: 'tries',
    summary: 'Tries after the first, each on another upstream where possible (default 2).',
    args: [{ name: 'n', type: { kind: 'int', min: 0 }, docs: 'Extra tries.' }],
  },
  {
    name: 'try_duration',
    summary: 'Stop retrying this long after the first try (default: no limit).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `5s`.' }],
  },
  {
    name: 'interval',
    summary: 'Pause between tries (default 0).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `100ms`.' }],
  },
  {
    name: 'statuses',
    summary: 'Also retry responses with these statuses (idempotent requests only).',
    args: [{ name: 'statuses', type: { kind: 'status' }, docs: 'Status codes such as `502 503`.', variadic: true }],
  },
  { name: 'on_timeout', summary: 'Also retry when the response head does not come in time (idempotent requests only).', args: [] },
  {
    name: 'budget',
    summary: 'Retries may add at most this share of recent requests, plus a floor per second (default 20% min 10/s).',
    args: [
      { name: 'percent', type: { kind: 'string' }, docs: 'A percentage such as `20%`.' },
      { name: 'min', type: { kind: 'string' }, docs: 'The word `min`.', optional: true },
      { name: 'rate', type: { kind: 'string' }, docs: 'Retries per second always allowed, e.g. `10/s`.', optional: true },
    ],
  },
];

export const RETRY_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'retries',
    summary: 'Retry failed requests on other upstreams, within a budget.',
    args: [],
    block: RETRY_BLOCK,
  },
  {
    name: 'lb_retries',
    summary: 'Short for `retries { tries <n> }`: how many other upstreams to try (default 0).',
    args: [{ name: 'n', type: { kind: 'int', min: 0 }, docs: 'Number of retries.' }],
  },
  {
    name: 'lb_try_duration',
    summary: 'Short for `retries { try_duration <d> }`; alone, retries as often as fits in it.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `5s`.' }],
  },
  {
    name: 'lb_try_interval',
    summary: 'Short for `retries { interval <d> }`: pause between tries.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `250ms`.' }],
  },
  {
    name: 'total_timeout',
    summary: 'Limit on the whole exchange, retries included: 504 if no response head came by then (default: none).',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `30s`.' }],
  },
];

export const RETRY_DOCS = [
  '- **retries** (or `lb_retries <n>`, `lb_try_duration`, `lb_try_interval`): a failed try is tried again on',
  '  another upstream (the same one only when no other is available), up to `tries` (`2` in a block) more times,',
  '  within `try_duration`, `interval` apart. Connection failures are retried for any request whose body was',
  '  not sent yet; a connection broken before the response, a response-header timeout (`on_timeout`) and the',
  '  `statuses` listed (their response is discarded) only for idempotent methods (GET, HEAD, OPTIONS, TRACE,',
  '  PUT, DELETE) without a sent body: a POST whose body went out is never retried. The pool\'s retry `budget`',
  '  (`20% min 10/s`) caps retries at that share of recent requests plus a floor, so retries cannot multiply the',
  '  load of an outage. `lb_try_duration` alone retries as often as fits in it, one try per `lb_try_interval`',
  '  (`250ms`).',
  '- **total_timeout**: the whole exchange, retries included; when it passes before a response head arrived the',
  '  answer is 504 (after, the response is cut). Default: no limit (the transport timeouts still apply).',
];

/** Null when invalid (reported). */
export function bindRetry(sub: Grouped, ctx: BindContext): { readonly retry: RetryPlan; readonly totalTimeoutMs: number } | null {
  let ok = true;
  const read = <T>(line: Line | null, parse: (a: Arg) => T | null): T | undefined => {
    const arg = line === null ? undefined : line.args[1];
    if (arg === undefined) return undefined;
    const value = parse(arg);
    if (value === null) ok = false;
    return value ?? undefined;
  };
  const totalTimeoutMs = read(lineOf(sub, 'total_timeout'), (a) => parseDuration(a, ctx)) ?? 0;
  const block = lineOf(sub, 'retries');
  const inner = block?.block == null ? new Map<string, readonly Line[]>() : ctx.subdirectives(block.block, RETRY_BLOCK);

  /** A setting from the block or its short form, never both. */
  const either = (name: string, short: string): Line | null => {
    const long = lineOf(inner, name);
    const alias = lineOf(sub, short);
    if (long !== null && alias !== null) {
      ctx.error('RWS3407', `\`${short}\` and \`${name}\` in \`retries\` set the same thing`, alias.args[0].span, {
        notes: [{ message: `\`${name}\` given here`, span: long.args[0].span }],
        hint: `remove \`${short}\`, or move its value into \`retries { ${name} … }\``,
      });
      ok = false;
    }
    return long ?? alias;
  };
  const triesLine = either('tries', 'lb_retries');
  const durationLine = either('try_duration', 'lb_try_duration');
  const intervalLine = either('interval', 'lb_try_interval');
  const tryDurationMs = read(durationLine, (a) => parseDuration(a, ctx)) ?? 0;
  const intervalMs = read(intervalLine, (a) => parseDuration(a, ctx)) ?? 0;
  let tries = read(triesLine, (a) => parseInteger(a, ctx, { min: 0 }));
  if (tries === undefined) {
    if (block !== null) tries = BLOCK_TRIES;
    else if (tryDurationMs > 0) tries = Math.max(1, Math.ceil(tryDurationMs / (intervalLine === null ? DURATION_INTERVAL_MS : Math.max(intervalMs, 1))));
    else tries = 0;
  }
  const effectiveInterval = intervalLine === null && block === null && tryDurationMs > 0 ? DURATION_INTERVAL_MS : intervalMs;
  const statuses = inner.has('statuses') ? parseList(allArgsOf(inner, 'statuses'), ctx, (a) => parseStatus(a, ctx), 'status') : [];
  if (statuses === null) ok = false;
  const budgetLine = lineOf(inner, 'budget');
  const budget = budgetLine === null ? DEFAULT_RETRY.budget : parseBudget(budgetLine, ctx);
  if (budget === null) ok = false;
  if (!ok || statuses === null || budget === null) return null;
  const onTimeout = inner.has('on_timeout');
  if (tries === 0) {
    const useless = [lineOf(inner, 'statuses'), lineOf(inner, 'on_timeout'), durationLine, intervalLine].find((l) => l !== null);
    if (useless != null) {
      ctx.warn('RWS3409', `\`${useless.args[0].value}\` has no effect: there are no retries`, useless.args[0].span, { hint: 'set `tries` to 1 or more, or remove this line' });
    }
  }
  if (tries === 0 && budgetLine === null) return { retry: DEFAULT_RETRY, totalTimeoutMs };
  return { retry: { tries, tryDurationMs, intervalMs: effectiveInterval, statuses, onTimeout, budget }, totalTimeoutMs };
}

/** `budget <percent> [min <n>/s]`. */
function parseBudget(line: Line, ctx: BindContext): RetryPlan['budget'] | null {
  const [percentArg, minWord, rateArg] = argsOf(line);
  const percent = parsePercent(percentArg, ctx);
  if (percent === null) return null;
  if (minWord === undefined) return { ratio: percent / 100, minPerSec: DEFAULT_RETRY.budget.minPerSec };
  if (minWord.value !== 'min') {
    ctx.error('RWS3408', `expected \`min\` before the retry rate, got \`${minWord.value}\``, minWord.span, { hint: 'e.g. `budget 20% min 10/s`' });
    return null;
  }
  if (rateArg === undefined) {
    ctx.error('RWS3408', 'missing the retry rate after `min`', minWord.span, { hint: 'e.g. `budget 20% min 10/s`' });
    return null;
  }
  const m = /^(\d+)\/s$/.exec(rateArg.value);
  if (m === null) {
    ctx.error('RWS3408', `invalid retry rate \`${rateArg.value}\``, rateArg.span, { hint: 'write retries per second, e.g. `10/s` (or `0/s` for no floor)' });
    return null;
  }
  return { ratio: percent / 100, minPerSec: Number(m[1]) };
}
