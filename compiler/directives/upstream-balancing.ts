/**
 * A pool's balancing settings: `lb_policy`, `weights` and `sticky`.
 *
 *   lb_policy round_robin|random|first|least_conn|p2c|ip_hash
 *   lb_policy hash header <field> | hash cookie <name> | hash query <param> | hash uri
 *   weights <n>...                  one weight per upstream, in the order they are listed
 *   sticky <cookie> { secret <text>  max_age <duration> }
 *
 * Invariant: the LbPolicyPlan is complete (a `hash` always has its source, and its key unless the source is
 * `uri`); weights are ≥ 1 and there is exactly one per static upstream; a sticky cookie name is an RFC 6265
 * token.
 */
import type { LbPolicyPlan, StickyPlan, UpstreamPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { argsOf, type Grouped, lineOf, settingReader } from './block-lines.ts';

export const LB_POLICIES = ['round_robin', 'random', 'first', 'least_conn', 'p2c', 'ip_hash', 'hash'] as const;
const HASH_SOURCES = ['header', 'cookie', 'query', 'uri'] as const;

const STICKY_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'secret', summary: 'Key that signs the cookie (default: random per process start).', args: [{ name: 'secret', type: { kind: 'string' }, docs: 'Any text; use `{$ENV}`.' }] },
  { name: 'max_age', summary: 'Cookie lifetime (default: a session cookie).', args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'e.g. `1h`.' }] },
];

export const BALANCING_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'lb_policy',
    summary: 'How to choose an upstream for each request (default round_robin).',
    args: [
      { name: 'policy', type: { kind: 'enum', values: LB_POLICIES }, docs: 'The balancing policy.' },
      { name: 'source', type: { kind: 'enum', values: HASH_SOURCES }, docs: 'For `hash`: what to hash.', optional: true },
      { name: 'key', type: { kind: 'string' }, docs: 'For `hash header|cookie|query`: the header, cookie or parameter name.', optional: true },
    ],
  },
  {
    name: 'weights',
    summary: 'Relative weights of the upstreams, in the order they are listed (default all 1).',
    args: [{ name: 'weights', type: { kind: 'int', min: 1 }, docs: 'One whole number ≥ 1 per upstream.', variadic: true }],
  },
  {
    name: 'sticky',
    summary: 'Keep each client on one upstream with a signed cookie.',
    args: [{ name: 'cookie', type: { kind: 'string' }, docs: 'The cookie\'s name, e.g. `rws_upstream`.' }],
    block: STICKY_SUBDIRECTIVES,
  },
];

export const BALANCING_USAGE = [
  '    lb_policy round_robin|random|first|least_conn|p2c|ip_hash',
  '    lb_policy hash header <field>|cookie <name>|query <param>|uri',
  '    weights <n>...',
  '    sticky <cookie> {',
  '        secret <text>',
  '        max_age <duration>',
  '    }',
];

export const BALANCING_DOCS = [
  '- **lb_policy**: `round_robin` (default; smooth weighted: with `weights 3 1` the first gets 3 of every 4',
  '  requests, interleaved); `random` (weighted); `first` uses the first upstream that is up (failover);',
  '  `least_conn` the one with the fewest requests in flight (relative to its weight); `p2c` the less loaded of',
  '  two picked at random; `ip_hash` keeps each client address on one upstream; `hash header X-User`,',
  '  `hash cookie session`, `hash query id` and `hash uri` keep each value on one upstream (consistent',
  '  hashing: adding or removing an upstream moves only the keys it gains or had; requests without the value',
  '  are spread at random).',
  '- **weights**: one whole number per upstream, in the order the upstreams are listed (on the line, then `to`).',
  '- **sticky**: the first response sets a cookie naming the chosen upstream, signed (HMAC-SHA256) so a client',
  '  cannot pick one; later requests with the cookie go to the same upstream while it is available, and are',
  '  balanced (and the cookie re-set) when it is not. `secret` signs it (default: random per start), `max_age`',
  '  keeps it past the browser session.',
];

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `lb_policy`; the default round_robin when absent. Null when invalid (reported). */
export function parseLbPolicy(line: Line | null, ctx: BindContext): LbPolicyPlan | null {
  if (line === null) return { kind: 'round_robin' };
  const [policyArg, sourceArg, keyArg] = argsOf(line);
  const policy = parseEnum(policyArg, ctx, LB_POLICIES, 'lb_policy');
  if (policy === null) return null;
  if (policy !== 'hash') {
    if (sourceArg !== undefined) {
      ctx.error('RWS3708', `\`lb_policy ${policy}\` takes no further arguments`, sourceArg.span, { hint: 'only `lb_policy hash` names what to hash, e.g. `lb_policy hash header X-User`' });
      return null;
    }
    return { kind: policy };
  }
  if (sourceArg === undefined) {
    ctx.error('RWS3708', '`lb_policy hash` needs what to hash', policyArg.span, { hint: 'e.g. `lb_policy hash header X-User`, `hash cookie session`, `hash query id` or `hash uri`' });
    return null;
  }
  const source = parseEnum(sourceArg, ctx, HASH_SOURCES, 'hash source');
  if (source === null) return null;
  if (source === 'uri') {
    if (keyArg !== undefined) {
      ctx.error('RWS3708', '`lb_policy hash uri` takes no name', keyArg.span, { hint: 'the whole path and query are hashed' });
      return null;
    }
    return { kind: 'hash', source, key: '' };
  }
  if (keyArg === undefined) {
    ctx.error('RWS3708', `\`lb_policy hash ${source}\` needs the ${source === 'header' ? 'header field' : source === 'cookie' ? 'cookie' : 'parameter'} name`, sourceArg.span, {
      hint: `e.g. \`lb_policy hash ${source} ${source === 'header' ? 'X-User' : source === 'cookie' ? 'session' : 'id'}\``,
    });
    return null;
  }
  return { kind: 'hash', source, key: source === 'header' ? keyArg.value.toLowerCase() : keyArg.value };
}

/** The upstreams with their `weights` applied; null when invalid (reported). */
export function applyWeights(line: Line | null, upstreams: readonly UpstreamPlan[], ctx: BindContext): UpstreamPlan[] | null {
  if (line === null) return [...upstreams];
  const args = argsOf(line);
  const weights = args.map((a) => parseInteger(a, ctx, { min: 1 }));
  if (weights.some((w) => w === null)) return null;
  if (weights.length !== upstreams.length) {
    ctx.error('RWS3707', `${weights.length} weight(s) for ${upstreams.length} upstream(s)`, line.args[0].span, {
      hint: 'give one weight per upstream, in the order the upstreams are listed',
    });
    return null;
  }
  return upstreams.map((u, i) => ({ ...u, weight: weights[i]! }));
}

/** `sticky <cookie> { … }`; null when absent. `ok` false when invalid (reported). */
export function parseSticky(sub: Grouped, ctx: BindContext): { ok: boolean; sticky: StickyPlan | null } {
  const line = lineOf(sub, 'sticky');
  if (line === null) return { ok: true, sticky: null };
  const [cookie] = argsOf(line);
  let ok = true;
  if (!TOKEN.test(cookie.value)) {
    ctx.error('RWS3709', `invalid cookie name \`${cookie.value}\``, cookie.span, { hint: 'a cookie name is letters, digits and `!#$%&\'*+-.^_`|~`, e.g. `rws_upstream`' });
    ok = false;
  }
  const inner = line.block === null ? new Map<string, readonly Line[]>() : ctx.subdirectives(line.block, STICKY_SUBDIRECTIVES);
  const settings = settingReader(inner);
  const secret = settings.read<string | null>('secret', null, (a) => a.value);
  const maxAgeMs = settings.read<number | null>('max_age', null, (a) => parseDuration(a, ctx));
  if (!ok || !settings.ok) return { ok: false, sticky: null };
  return { ok: true, sticky: { cookie: cookie.value, secret, maxAgeSec: maxAgeMs === null ? null : Math.ceil(maxAgeMs / 1000) } };
}
