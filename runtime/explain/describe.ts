/** One-line, Rwsfile-like descriptions of plan nodes for `rws explain`. */
import type { HandlerPlan, MatcherPlan, PathPattern, PlaceholderRef, ReverseProxyHandler, Template, UpstreamPoolPlan } from '../plan/plan.ts';

export function describeTemplate(template: Template, matchers: readonly MatcherPlan[]): string {
  return template.map((piece) => (typeof piece === 'string' ? piece : `{${describePlaceholder(piece, matchers)}}`)).join('');
}

function describePlaceholder(ref: PlaceholderRef, matchers: readonly MatcherPlan[]): string {
  switch (ref.ph) {
    case 'request':
      return ref.field;
    case 'query':
      return `query.${ref.name}`;
    case 'header':
      return `header.${ref.name}`;
    case 'cookie':
      return `cookie.${ref.name}`;
    case 'segment':
      return `path.${ref.index}`;
    case 'label':
      return `labels.${ref.index}`;
    case 'capture': {
      const m = matchers[ref.matcher];
      const name = m !== undefined && (m.kind === 'path_regexp' || m.kind === 'header_regexp') ? m.name : `#${ref.matcher}`;
      return `re.${name}.${ref.group}`;
    }
    case 'var':
      return `vars.${ref.name}`;
    case 'error':
      return `err.${ref.field}`;
    default:
      return unreachable(ref);
  }
}

export function describeMatcher(plan: MatcherPlan, matchers: readonly MatcherPlan[]): string {
  switch (plan.kind) {
    case 'path':
      return `path ${plan.patterns.map(describePathPattern).join(' ')}`;
    case 'path_regexp':
      return `path_regexp ${plan.name} ${plan.pattern}`;
    case 'host':
      return `host ${[...plan.exact, ...plan.wildcard.map((w) => (w.startsWith('*.') ? w : `*.${w}`))].join(' ')}`;
    case 'method':
      return `method ${plan.methods.join(' ')}`;
    case 'header':
      return `header ${plan.name}${plan.values === null ? '' : ` ${plan.values.join(' ')}`}`;
    case 'header_regexp':
      return `header_regexp ${plan.name} ${plan.headerName} ${plan.pattern}`;
    case 'query':
      return `query ${Object.entries(plan.params)
        .map(([k, vs]) => vs.map((v) => `${k}=${v}`).join(' '))
        .join(' ')}`;
    case 'remote_ip':
      return `remote_ip ${plan.ranges.join(' ')}`;
    case 'client_ip':
      return `client_ip ${plan.ranges.join(' ')}`;
    case 'protocol':
      return `protocol ${plan.protocol}`;
    case 'not':
      return `not (${plan.all.map((i) => describeMatcher(matchers[i], matchers)).join('; ')})`;
    case 'any':
      return `any ${plan.groups.map((g) => `(${g.map((i) => describeMatcher(matchers[i], matchers)).join('; ')})`).join(' | ')}`;
    default:
      return unreachable(plan);
  }
}

function describePathPattern(p: PathPattern): string {
  switch (p.kind) {
    case 'exact':
      return p.value;
    case 'prefix':
      return `${p.value}*`;
    case 'suffix':
      return `*${p.value}`;
    case 'regexp':
      return `~${p.source}`;
    default:
      return unreachable(p);
  }
}

export function describeHandler(plan: HandlerPlan, matchers: readonly MatcherPlan[], pools: readonly UpstreamPoolPlan[]): string {
  const t = (template: Template): string => JSON.stringify(describeTemplate(template, matchers));
  switch (plan.kind) {
    case 'respond':
      return `respond ${plan.status}${plan.body === null ? '' : ` ${t(plan.body)}`}${plan.close ? ' (close)' : ''}`;
    case 'redir':
      return `redir ${plan.status === 0 ? 'html' : plan.status} ${t(plan.to)}`;
    case 'rewrite':
      return `rewrite ${t(plan.to)}`;
    case 'uri': {
      const op = plan.op;
      switch (op.kind) {
        case 'strip_prefix':
          return `uri strip_prefix ${op.prefix}`;
        case 'strip_suffix':
          return `uri strip_suffix ${op.suffix}`;
        case 'replace':
          return `uri replace ${op.find} ${op.replace}${op.limit > 0 ? ` ${op.limit}` : ''}`;
        case 'path_regexp':
          return `uri path_regexp ${op.pattern} ${op.replace}`;
        default:
          return unreachable(op);
      }
    }
    case 'headers':
      return `header (${plan.request.length} request op(s), ${plan.response.length} response op(s))`;
    case 'root':
      return `root ${t(plan.path)}`;
    case 'vars':
      return `vars ${Object.keys(plan.vars).join(' ')}`;
    case 'file_server':
      return `file_server${plan.root === null ? '' : ` root ${t(plan.root)}`}${plan.browse ? ' browse' : ''}${plan.passThru ? ' pass_thru' : ''}`;
    case 'try_files':
      return `try_files ${plan.candidates.map(t).join(' ')}${plan.fallback === null ? '' : ` =${plan.fallback.status}`}`;
    case 'encode':
      return `encode ${plan.encodings.join(' ')}`;
    case 'reverse_proxy':
      return describeProxy(plan, pools);
    case 'subroute':
      return `route (${plan.routes.length} route(s))`;
    case 'error':
      return `error ${plan.status} ${t(plan.message)}`;
    case 'abort':
      return 'abort';
    case 'request_body':
      return `request_body max_size ${plan.maxBytes}`;
    default:
      return unreachable(plan);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected plan node ${JSON.stringify(value)}`);
}

/** `reverse_proxy <upstreams> (<policy>)`, with the pool's name when it is a named one, the split and the mirror. */
function describeProxy(plan: ReverseProxyHandler, pools: readonly UpstreamPoolPlan[]): string {
  const pool = (i: number): string => {
    const p = pools[i];
    const named = p.name.includes('/') ? '' : `${p.name}: `;
    const sticky = p.sticky === null ? '' : `, sticky ${p.sticky.cookie}`;
    return `${named}${p.upstreams.map((u) => u.url).join(' ')} (${p.lb.kind}${p.lb.kind === 'hash' ? ` ${p.lb.source}${p.lb.key === '' ? '' : ` ${p.lb.key}`}` : ''}${sticky})`;
  };
  const split = plan.split;
  const forced = split === null ? [] : [split.overrideHeader === null ? null : `header ${split.overrideHeader}`, split.overrideCookie === null ? null : `cookie ${split.overrideCookie}`].filter((x) => x !== null);
  const target =
    plan.pool !== null || split === null
      ? pool(plan.pool ?? 0)
      : `split ${split.targets.map((t) => `${pools[t.pool].name} ${t.weight}`).join(', ')}${forced.length === 0 ? '' : ` (override by ${forced.join(' or ')})`}${split.stickyCookie === null ? '' : ` (sticky ${split.stickyCookie})`}`;
  const mirror = plan.mirror === null ? '' : `, mirror ${plan.mirror.percent}% to ${pools[plan.mirror.pool].name}`;
  return `reverse_proxy ${target}${mirror}`;
}
