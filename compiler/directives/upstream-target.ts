/**
 * Where a `reverse_proxy` sends requests: a named pool (`reverse_proxy api`), an inline pool built from the
 * upstreams and pool settings written in place, or a traffic split between named pools (`split { … }`).
 *
 * A bare word without a port (`api`) names a pool when one is declared with that name. When the file
 * declares pools, any other bare word without a port is reported as an unknown pool (with did-you-mean);
 * without declared pools it stays a host on port 80, as before pools existed.
 *
 * Invariant: the result refers to exactly one of a pool or a split; settings that belong to a pool are
 * rejected (RWS3705) next to a named pool or a split, never silently dropped.
 */
import type { TrafficSplitPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveNode } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import type { Grouped } from './block-lines.ts';
import { isBareName, reportUnknownPool } from './upstream-names.ts';
import { bindSplit } from './upstream-split.ts';
import { bindPoolSettings, POOL_SUBDIRECTIVE_NAMES } from './upstream-pool-settings.ts';

export interface ProxyTarget {
  readonly pool: number | null;
  readonly split: TrafficSplitPlan | null;
  /** URLs of the static upstreams a request may go to (for `{upstream_hostport}` in header_up). */
  readonly urls: readonly string[];
}

export function bindProxyTarget(node: DirectiveNode, sub: Grouped, ctx: BindContext): ProxyTarget | null {
  const splitLine = sub.get('split');
  if (splitLine !== undefined) {
    if (node.args.length > 0) {
      ctx.error('RWS3706', '`reverse_proxy` with `split` takes no upstreams on its line', node.args[0].span, { hint: 'the split\'s `to` lines name the pools' });
      return null;
    }
    if (!noPoolSettings(sub, 'with `split`', ctx)) return null;
    const split = bindSplit(splitLine[splitLine.length - 1], ctx);
    return split === null ? null : { pool: null, split: split.split, urls: split.urls };
  }
  const declared = ctx.poolNames();
  const named = node.args.filter((a) => isBareName(a) && declared.includes(a.value));
  if (named.length > 0) {
    if (node.args.length > 1) {
      ctx.error('RWS3706', `pool \`${named[0].value}\` cannot be listed with other upstreams`, named[0].span, {
        hint: `put every upstream in \`upstream ${named[0].value} { to … }\`, or list hosts only`,
      });
      return null;
    }
    if (!noPoolSettings(sub, `with pool \`${named[0].value}\``, ctx)) return null;
    const plan = ctx.peekPool(named[0].value);
    // Declared with invalid settings: reported there.
    if (plan === undefined) return null;
    return { pool: ctx.usePool(named[0].value)!, split: null, urls: plan.upstreams.map((u) => u.url) };
  }
  if (!noUnknownPools(node.args, ctx)) return null;
  const pool = bindPoolSettings(sub, node.args, node.nameSpan, ctx);
  return pool === null ? null : { pool: ctx.addPool(pool), split: null, urls: pool.upstreams.map((u) => u.url) };
}

/**
 * With declared pools, a bare word that names none is a typo or a missing declaration (RWS3703). Returns
 * false when one was reported.
 */
export function noUnknownPools(args: readonly Arg[], ctx: BindContext): boolean {
  const names = ctx.poolNames();
  if (names.length === 0) return true;
  let ok = true;
  for (const arg of args) {
    if (!isBareName(arg) || names.includes(arg.value)) continue;
    reportUnknownPool(arg, names, ctx);
    ok = false;
  }
  return ok;
}

/** RWS3705 for each pool setting written where the pool comes from elsewhere. */
function noPoolSettings(sub: Grouped, where: string, ctx: BindContext): boolean {
  let ok = true;
  for (const [name, lines] of sub) {
    if (!POOL_SUBDIRECTIVE_NAMES.has(name)) continue;
    for (const line of lines) {
      ctx.error('RWS3705', `\`${name}\` is a pool setting: it cannot be used ${where}`, line.args[0].span, {
        hint: 'write it in the pool\'s `upstream NAME { }` block in the global options',
      });
      ok = false;
    }
  }
  return ok;
}
