/**
 * `split { … }` in reverse_proxy: weighted traffic splitting between named pools (canary releases).
 *
 *   split {
 *       to <pool> <weight>          repeatable; weights are relative (90 and 10, or 9 and 1)
 *       override_header <field>     a request whose header names one of the split's pools goes there
 *       override_cookie <name>      the same with a cookie
 *       sticky_cookie <name>        remember each client's pool in a cookie
 *   }
 *
 * Invariant: every target is a declared pool (marked used), listed once; the weights add up to more than 0;
 * header names are lower-case.
 */
import type { TrafficSplitPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parseHeaderName } from '../values/header-name.ts';
import { parseInteger } from '../values/int.ts';
import { argsOf, settingReader } from './block-lines.ts';
import { reportUnknownPool } from './upstream-names.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const SPLIT_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'to',
    summary: 'A pool and its weight.',
    args: [
      { name: 'pool', type: { kind: 'string' }, docs: 'A pool declared with `upstream NAME { }`.' },
      { name: 'weight', type: { kind: 'int', min: 0 }, docs: 'Relative share of requests (0: only by override).' },
    ],
    repeatable: true,
  },
  { name: 'override_header', summary: 'Request header naming the pool to use.', args: [{ name: 'field', type: { kind: 'header-name' }, docs: 'e.g. `X-Version`.' }] },
  { name: 'override_cookie', summary: 'Cookie naming the pool to use.', args: [{ name: 'name', type: { kind: 'string' }, docs: 'e.g. `version`.' }] },
  { name: 'sticky_cookie', summary: 'Keep each client on the pool it first got, by a cookie.', args: [{ name: 'name', type: { kind: 'string' }, docs: 'e.g. `rws_canary`.' }] },
];

export const SPLIT_SPEC: SubdirectiveSpec = {
  name: 'split',
  summary: 'Split traffic between named pools by weight (canary releases).',
  args: [],
  block: SPLIT_SUBDIRECTIVES,
};

export const SPLIT_USAGE = [
  '    split {',
  '        to <pool> <weight>',
  '        override_header <field>',
  '        override_cookie <name>',
  '        sticky_cookie <name>',
  '    }',
];

export const SPLIT_DOCS = [
  '- **split**: instead of upstreams, send each request to one of several named pools in proportion to their',
  '  weights (`to api_v1 90` and `to api_v2 10`: about 10% to v2). A request whose `override_header` or',
  '  `override_cookie` names one of the split\'s pools goes to that pool (testers can force a version).',
  '  With `sticky_cookie`, the first response sets a cookie with the pool chosen, and the client stays on it',
  '  (while the pool remains in the split). Pool settings are written in the pools\' `upstream` blocks.',
];

/** The split of a `split` line, with the URLs of every target's static upstreams; null when invalid (reported). */
export function bindSplit(line: Line, ctx: BindContext): { split: TrafficSplitPlan; urls: string[] } | null {
  if (line.block === null) {
    ctx.error('RWS3710', '`split` needs a block with its pools', line.args[0].span, { hint: 'e.g. `split {\n\tto api_v1 90\n\tto api_v2 10\n}`' });
    return null;
  }
  const sub = ctx.subdirectives(line.block, SPLIT_SUBDIRECTIVES);
  const targets: { pool: number; weight: number }[] = [];
  const urls: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const to of sub.get('to') ?? []) {
    const [poolArg, weightArg] = argsOf(to);
    const weight = parseInteger(weightArg, ctx, { min: 0 });
    const plan = ctx.peekPool(poolArg.value);
    if (plan === undefined) {
      // A declared pool with invalid settings was reported where it is declared.
      if (!ctx.poolNames().includes(poolArg.value)) reportUnknownPool(poolArg, ctx.poolNames(), ctx);
      ok = false;
      continue;
    }
    if (seen.has(poolArg.value)) {
      ctx.error('RWS3710', `pool \`${poolArg.value}\` is listed twice in \`split\``, poolArg.span, { hint: 'list each pool once, with its whole weight' });
      ok = false;
      continue;
    }
    seen.add(poolArg.value);
    if (weight === null) {
      ok = false;
      continue;
    }
    targets.push({ pool: ctx.usePool(poolArg.value)!, weight });
    for (const u of plan.upstreams) urls.push(u.url);
  }
  const settings = settingReader(sub);
  const overrideHeader = settings.read<string | null>('override_header', null, (a) => parseHeaderName(a, ctx));
  const overrideCookie = settings.read<string | null>('override_cookie', null, (a) => cookieName(a.value, a.span, ctx));
  const stickyCookie = settings.read<string | null>('sticky_cookie', null, (a) => cookieName(a.value, a.span, ctx));
  if (!ok || !settings.ok) return null;
  if (targets.length === 0 || targets.every((t) => t.weight === 0)) {
    ctx.error('RWS3710', targets.length === 0 ? '`split` needs at least one `to <pool> <weight>`' : 'the weights in `split` add up to 0', line.args[0].span, {
      hint: 'e.g. `to api_v1 90` and `to api_v2 10`',
    });
    return null;
  }
  return { split: { targets, overrideHeader, overrideCookie, stickyCookie }, urls };
}

function cookieName(value: string, span: Line['span'], ctx: BindContext): string | null {
  if (TOKEN.test(value)) return value;
  ctx.error('RWS3709', `invalid cookie name \`${value}\``, span, { hint: 'a cookie name is letters, digits and `!#$%&\'*+-.^_`|~`' });
  return null;
}
