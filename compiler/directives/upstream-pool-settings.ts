/**
 * The settings of an upstream pool, shared by inline `reverse_proxy host:port { … }` blocks and
 * `upstream NAME { … }` declarations: the upstreams, balancing, retries and the transport. Each feature's
 * subdirectives live in their own file and are listed here by reference (POOL_SUBDIRECTIVES), and each is
 * read into its own part of UpstreamPoolPlan by bindPoolSettings().
 *
 * Invariant: every UpstreamPoolPlan field is filled in from its documented default when not written; a pool
 * has at least one upstream (RWS3250 otherwise) and none twice (RWS3115).
 */
import type { LbPolicyPlan, UpstreamPlan, UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { parseUpstream } from '../values/upstream.ts';
import { allArgsOf, type Grouped, lineOf, parseList, settingReader } from './block-lines.ts';
import { bindResilience, RESILIENCE_SUBDIRECTIVES } from './reverse-proxy-resilience.ts';
import { DYNAMIC_SPEC, parseDynamic } from './reverse-proxy-dynamic.ts';
import { parseTransport, TRANSPORT_SPEC, transportPlan } from './reverse-proxy-transport.ts';

export const LB_POLICIES = ['round_robin', 'random', 'first', 'least_conn', 'ip_hash'] as const;

export const POOL_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'to',
    summary: 'More upstreams.',
    args: [{ name: 'upstreams', type: { kind: 'upstream' }, docs: 'Upstream addresses, added to those on the directive\'s line.', variadic: true }],
    repeatable: true,
  },
  {
    name: 'lb_policy',
    summary: 'How to choose an upstream for each request (default round_robin).',
    args: [{ name: 'policy', type: { kind: 'enum', values: LB_POLICIES }, docs: 'The balancing policy.' }],
  },
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
export function bindPoolSettings(sub: Grouped, lineArgs: readonly Arg[], span: Span, ctx: BindContext): Omit<UpstreamPoolPlan, 'name'> | null {
  const upstreamArgs = sub.has('to') ? [...lineArgs, ...allArgsOf(sub, 'to')] : lineArgs;
  const upstreams = parseList(upstreamArgs, ctx, (a) => upstreamOf(a, ctx), 'upstream', (u) => u.url);
  const transport = parseTransport(lineOf(sub, 'transport'), ctx);
  const dynamic = parseDynamic(lineOf(sub, 'dynamic'), transport?.forceTls === true ? 'https' : 'http', ctx);
  if (upstreamArgs.length === 0 && dynamic.plan === null && dynamic.ok) {
    ctx.error('RWS3250', '`reverse_proxy` needs at least one upstream', span, { hint: 'e.g. `reverse_proxy 127.0.0.1:3000`' });
  }
  const settings = settingReader(sub);
  const policy = settings.read('lb_policy', 'round_robin', (a) => parseEnum(a, ctx, LB_POLICIES, 'lb_policy'));
  const resilience = bindResilience(sub, transport?.maxConnsPerUpstream ?? null, ctx);
  if (upstreams === null || (upstreams.length === 0 && dynamic.plan === null) || !dynamic.ok || !settings.ok || transport === null || resilience === null) return null;
  const dialled = transportPlan(transport, upstreams, ctx);
  if (dialled === null) return null;
  const lb: LbPolicyPlan = { kind: policy };
  return {
    upstreams: dialled.upstreams,
    dynamic: dynamic.plan,
    lb,
    sticky: null,
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
