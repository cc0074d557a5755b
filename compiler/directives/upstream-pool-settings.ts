/**
 * The settings of an upstream pool, shared by inline `reverse_proxy host:port { … }` blocks and
 * `upstream NAME { … }` declarations: the upstreams, balancing (upstream-balancing.ts), the transport and
 * dynamic upstreams (P3's files) and resilience (P2's reverse-proxy-resilience.ts). Each feature's
 * subdirectives live in their own file and are listed here by reference (POOL_SUBDIRECTIVES), and each is
 * read into its own part of UpstreamPoolPlan by bindPoolSettings().
 *
 * Invariant: every UpstreamPoolPlan field is filled in from its documented default when not written; a pool
 * has at least one upstream (RWS3250 otherwise) and none twice (RWS3115).
 */
import type { UpstreamPlan, UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseUpstream } from '../values/upstream.ts';
import { allArgsOf, type Grouped, lineOf, parseList } from './block-lines.ts';
import { bindResilience, RESILIENCE_SUBDIRECTIVES } from './reverse-proxy-resilience.ts';
import { DYNAMIC_SPEC, parseDynamic } from './reverse-proxy-dynamic.ts';
import { parseTransport, TRANSPORT_SPEC, transportPlan } from './reverse-proxy-transport.ts';
import { applyWeights, BALANCING_SUBDIRECTIVES, parseLbPolicy, parseSticky } from './upstream-balancing.ts';

export const POOL_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'to',
    summary: 'More upstreams.',
    args: [{ name: 'upstreams', type: { kind: 'upstream' }, docs: 'Upstream addresses, added to those on the directive\'s line.', variadic: true }],
    repeatable: true,
  },
  ...BALANCING_SUBDIRECTIVES,
  TRANSPORT_SPEC,
  DYNAMIC_SPEC,
  ...RESILIENCE_SUBDIRECTIVES,
];

/** The names above, so a block mixing pool and handler settings can tell them apart. */
export const POOL_SUBDIRECTIVE_NAMES: ReadonlySet<string> = new Set(POOL_SUBDIRECTIVES.map((s) => s.name));

/**
 * Read the pool settings from a checked block (`sub`), with `lineArgs` (the upstreams written on the
 * directive's own line) before those of `to`. `span` is where a missing upstream is reported. Null when
 * anything was invalid (already reported).
 */
export function bindPoolSettings(sub: Grouped, lineArgs: readonly Arg[], span: Span, ctx: BindContext, owner = '`reverse_proxy`'): Omit<UpstreamPoolPlan, 'name'> | null {
  const upstreamArgs = sub.has('to') ? [...lineArgs, ...allArgsOf(sub, 'to')] : lineArgs;
  const upstreams = parseList(upstreamArgs, ctx, (a) => upstreamOf(a, ctx), 'upstream', (u) => u.url);
  const transport = parseTransport(lineOf(sub, 'transport'), ctx);
  const dynamic = parseDynamic(lineOf(sub, 'dynamic'), transport?.forceTls === true ? 'https' : 'http', ctx);
  if (upstreamArgs.length === 0 && dynamic.plan === null && dynamic.ok) {
    ctx.error('RWS3250', `${owner} needs at least one upstream`, span, { hint: owner === '`reverse_proxy`' ? 'e.g. `reverse_proxy 127.0.0.1:3000`' : 'e.g. `to 10.0.0.1:8080 10.0.0.2:8080`' });
  }
  const lb = parseLbPolicy(lineOf(sub, 'lb_policy'), ctx);
  const weighted = upstreams === null ? null : applyWeights(lineOf(sub, 'weights'), upstreams, ctx);
  const sticky = parseSticky(sub, ctx);
  const resilience = bindResilience(sub, transport?.maxConnsPerUpstream ?? null, ctx);
  if (weighted === null || (weighted.length === 0 && dynamic.plan === null) || !dynamic.ok || lb === null || !sticky.ok || transport === null || resilience === null) return null;
  const dialled = transportPlan(transport, weighted, ctx);
  if (dialled === null) return null;
  return {
    upstreams: dialled.upstreams,
    dynamic: dynamic.plan,
    lb,
    sticky: sticky.sticky,
    transport: dialled.transport,
    timeouts: {
      dialMs: transport.dialTimeoutMs,
      responseHeaderMs: transport.responseHeaderTimeoutMs,
      readMs: transport.readTimeoutMs,
      totalMs: resilience.totalTimeoutMs,
    },
    retry: resilience.retry,
    health: resilience.health,
    outlier: resilience.outlier,
    breaker: resilience.breaker,
    origin: ctx.origin(span),
  };
}

function upstreamOf(arg: Arg, ctx: BindContext): UpstreamPlan | null {
  const url = parseUpstream(arg, ctx);
  return url === null ? null : { url, weight: 1, origin: ctx.origin(arg.span) };
}
