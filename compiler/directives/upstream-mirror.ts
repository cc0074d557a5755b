/**
 * `mirror <pool> [<percent>]` in reverse_proxy: shadow traffic. A copy of that share of requests (default
 * 100%) goes to another named pool; its responses are discarded and it never slows the real request.
 *
 * Invariant: the mirror pool is declared (and marked used) and is not a pool the handler serves from.
 */
import type { MirrorPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parsePercent } from '../values/percent.ts';
import { argsOf } from './block-lines.ts';
import { reportUnknownPool } from './upstream-names.ts';

export const MIRROR_SPEC: SubdirectiveSpec = {
  name: 'mirror',
  summary: 'Copy a share of requests to another pool (shadow traffic); its answers are discarded.',
  args: [
    { name: 'pool', type: { kind: 'string' }, docs: 'A pool declared with `upstream NAME { }`.' },
    { name: 'percent', type: { kind: 'string' }, docs: 'Share of requests to copy, e.g. `10%` (default `100%`).', optional: true },
  ],
};

export const MIRROR_DOCS = [
  '- **mirror**: a copy of `<percent>` of the requests (default `100%`), body included, goes to the named pool',
  '  as well; its answers are discarded. The copy never delays the real request: when the mirror is slow or',
  '  down, or too many copies are already in flight, copies are dropped.',
];

/** The mirror of a `mirror` line; null when absent (`ok` false when invalid, reported). */
export function bindMirror(line: Line | null, servedBy: readonly number[], ctx: BindContext): { ok: boolean; mirror: MirrorPlan | null } {
  if (line === null) return { ok: true, mirror: null };
  const [poolArg, percentArg] = argsOf(line);
  const percent = percentArg === undefined ? 100 : parsePercent(percentArg, ctx);
  if (ctx.peekPool(poolArg.value) === undefined) {
    // A declared pool with invalid settings was reported where it is declared.
    if (!ctx.poolNames().includes(poolArg.value)) reportUnknownPool(poolArg, ctx.poolNames(), ctx);
    return { ok: false, mirror: null };
  }
  if (percent === null) return { ok: false, mirror: null };
  const pool = ctx.usePool(poolArg.value)!;
  if (servedBy.includes(pool)) {
    ctx.error('RWS3711', `\`${poolArg.value}\` serves these requests already: it cannot mirror them too`, poolArg.span, { hint: 'mirror to a separate pool, e.g. `upstream shadow { to … }`' });
    return { ok: false, mirror: null };
  }
  return { ok: true, mirror: { pool, percent } };
}
