/**
 * `reverse_proxy [matcher] [upstreams...] { ... }`: forward requests to upstream servers.
 *
 * Invariant: emits one ReverseProxyHandler referring to a pool in Plan.pools (an anonymous one for inline
 * upstreams, see upstream-pool-settings.ts); `header_up Host <value>` becomes hostHeader, never a header op.
 */
import type { HeaderOp, ReverseProxyHandler, Template } from '../../runtime/plan/plan.ts';
import type { BindContext, DirectiveSpec, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { argsOf, lineOf, settingReader, subdirectivesOf } from './block-lines.ts';
import { HEADER_ARGS } from './header.ts';
import { HEADER_OPS_DOCS, parseHeaderOp } from './header-ops.ts';
import { RESILIENCE_DOCS, RESILIENCE_USAGE } from './reverse-proxy-resilience.ts';
import { TRANSPORT_CODES } from './reverse-proxy-transport.ts';
import { substituteUpstream } from './upstream-placeholders.ts';
import { BALANCING_DOCS, BALANCING_USAGE } from './upstream-balancing.ts';
import { bindMirror, MIRROR_DOCS, MIRROR_SPEC } from './upstream-mirror.ts';
import { POOL_SUBDIRECTIVES } from './upstream-pool-settings.ts';
import { SPLIT_DOCS, SPLIT_SPEC, SPLIT_USAGE } from './upstream-split.ts';
import { bindProxyTarget } from './upstream-target.ts';

/** Per-request settings of the handler; the pool's settings come from POOL_SUBDIRECTIVES. */
const HANDLER_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  { name: 'header_up', summary: 'Edit the request headers sent upstream.', args: HEADER_ARGS, repeatable: true },
  { name: 'header_down', summary: 'Edit the response headers received from upstream.', args: HEADER_ARGS, repeatable: true },
  {
    name: 'flush_interval',
    summary: 'How often to flush the response body to the client (default 0: as buffers fill; -1: every write).',
    args: [{ name: 'interval', type: { kind: 'duration' }, docs: 'A duration, or `-1` to flush every write immediately.' }],
  },
  SPLIT_SPEC,
  MIRROR_SPEC,
];

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [...POOL_SUBDIRECTIVES, ...HANDLER_SUBDIRECTIVES];

export const reverseProxy = {
  name: 'reverse_proxy',
  summary: 'Proxy requests to upstream servers, with load balancing.',
  docs: [
    'Forwards the request to one of the upstreams and streams the response back. Connections are kept alive',
    'in a pool per upstream. `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` are set; hop-by-hop',
    'headers are removed. A connection failure answers 502 and a timeout 504 (both go to `handle_errors`).',
    'WebSocket (and other `Upgrade`) requests are tunnelled once the upstream answers 101.',
    '',
    '```',
    'reverse_proxy [<matcher>] [<upstreams...>|<pool>] {',
    '    to <upstreams...>',
    ...BALANCING_USAGE,
    ...SPLIT_USAGE,
    '    mirror <pool> [<percent>]',
    '    header_up [+|-|?]<field> [<value>|<find> <replace>]',
    '    header_down [+|-|?]<field> [<value>|<find> <replace>]',
    '    flush_interval <duration>|-1',
    '    dynamic a <name> <port> | dynamic srv <name> {',
    '        refresh <duration>',
    '        versions ipv4|ipv6...',
    '        resolvers <ip[:port]...>',
    '    }',
    '    transport http {',
    '        dial_timeout <duration>',
    '        response_header_timeout <duration>',
    '        read_timeout <duration>',
    '        keepalive <duration>|off',
    '        max_conns_per_host <n>',
    '    }',
    ...RESILIENCE_USAGE,
    '}',
    '```',
    '',
    '- **upstreams**: `host:port`, `:port` (localhost), `http://host[:port]` or `https://host[:port]` (ports 80',
    '  and 443 by default). An upstream has no path: change the path with `rewrite`, `uri` or `handle_path`.',
    '  At least one upstream is required, on the line or with `to`.',
    '- **pool**: the name of a pool declared with `upstream NAME { }` in the global options: its upstreams and',
    '  settings are used (and shared with every site using it). The block then holds only `header_up`,',
    '  `header_down`, `flush_interval` and `mirror`. When pools are declared, a bare word without a port that',
    '  names none is an error (write a host with its port: `backend:80`).',
    ...BALANCING_DOCS,
    ...SPLIT_DOCS,
    ...MIRROR_DOCS,
    '- **header_up** / **header_down**: header operations on the request sent upstream / the response coming',
    '  back, in the same forms as `header`. `header_up Host <value>` sets the Host sent upstream (by default',
    '  the client\'s Host is passed on); `{upstream_hostport}` (the upstream\'s host, with its port unless it is',
    '  the default for the scheme), `{upstream_host}` and `{upstream_port}` in it are filled in from the',
    '  upstreams, which must then share one host and port.',
    '- **flush_interval**: `0` (default) flushes as buffers fill, `-1` after every write; event streams',
    '  (`text/event-stream`) are always flushed immediately.',
    '- **dynamic**: upstreams looked up in DNS (A/AAAA records of `<name>` on `<port>`, or SRV records), again',
    '  every `refresh` (default `1m`); the last good answer is kept when a lookup fails. Added to any upstreams',
    '  written out.',
    '- **transport http**: `dial_timeout` (default `3s`), `response_header_timeout` (`30s`), `read_timeout`',
    '  (`60s`, the longest pause between body chunks), `keepalive` (`60s` idle; `off` closes connections after',
    '  each request), `max_conns_per_host` (no limit by default).',
    ...RESILIENCE_DOCS,
    '',
    'Header operations:',
    '',
    HEADER_OPS_DOCS,
  ].join('\n'),
  examples: [
    'reverse_proxy 127.0.0.1:3000',
    'reverse_proxy /api/* 10.0.0.1:8080 10.0.0.2:8080 {\n\tlb_policy least_conn\n\tlb_retries 1\n}',
    'reverse_proxy https://api.example.com {\n\theader_up Host {upstream_hostport}\n\theader_up X-Request-Id {request_id}\n\theader_down -Server\n\ttransport http {\n\t\tdial_timeout 2s\n\t\tkeepalive off\n\t}\n}',
    'reverse_proxy {\n\tto :3001 :3002\n\tflush_interval -1\n}',
    'reverse_proxy {\n\tto :3001 :3002 :3003\n\tweights 2 1 1\n\tlb_policy hash header X-User\n}',
  ],
  scopes: ['site', 'route'],
  phase: 'respond',
  matcher: true,
  terminal: true,
  args: [{ name: 'upstreams', type: { kind: 'upstream' }, docs: 'Upstream addresses, or the name of a pool declared with `upstream`.', optional: true, variadic: true }],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3250', 'RWS3251', 'RWS3107', 'RWS3115', 'RWS3113', 'RWS3101', 'RWS3103', 'RWS3220', 'RWS3221', 'RWS3116', 'RWS3401', 'RWS3402', 'RWS3403', 'RWS3404', 'RWS3405', 'RWS3406', 'RWS3407', 'RWS3408', 'RWS3409', ...TRANSPORT_CODES, 'RWS3703', 'RWS3705', 'RWS3706', 'RWS3707', 'RWS3708', 'RWS3709', 'RWS3710', 'RWS3711'],
  bind(node, ctx) {
    const sub = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    const target = bindProxyTarget(node, sub, ctx);
    const servedBy = target === null ? [] : target.pool !== null ? [target.pool] : (target.split?.targets ?? []).map((t) => t.pool);
    const mirror = bindMirror(lineOf(sub, 'mirror'), servedBy, ctx);
    const settings = settingReader(sub);
    const flushIntervalMs = settings.read('flush_interval', 0, (a) => (a.value === '-1' ? -1 : parseDuration(a, ctx)));
    const upLines = sub.get('header_up');
    const up = upLines === undefined ? NO_HEADERS_UP : headersUp(upLines, target?.urls ?? [], ctx);
    const downLines = sub.get('header_down');
    const headersDown = downLines === undefined ? NO_OPS : headerOps(downLines, ctx);
    if (target === null || !mirror.ok || !settings.ok || up === null || headersDown === null) return null;

    const handler: ReverseProxyHandler = {
      kind: 'reverse_proxy',
      pool: target.pool,
      split: target.split,
      mirror: mirror.mirror,
      headersUp: up.ops,
      headersDown,
      hostHeader: up.host,
      flushIntervalMs,
    };
    return { kind: 'handlers', handlers: [handler] };
  },
} as const satisfies DirectiveSpec;

/** No header lines: one frozen empty list shared by every handler (plan data is frozen anyway). */
const NO_OPS: readonly HeaderOp[] = Object.freeze([]);
const NO_HEADERS_UP: { readonly ops: readonly HeaderOp[]; readonly host: Template | null } = { ops: NO_OPS, host: null };

function headerOps(lines: readonly Line[], ctx: BindContext): HeaderOp[] | null {
  const ops = lines.map((l) => parseHeaderOp(argsOf(l), ctx));
  return ops.every((op) => op !== null) ? ops : null;
}

/** header_up lines: `Host <value>` sets the upstream Host; the rest are header ops. */
function headersUp(lines: readonly Line[], urls: readonly string[], ctx: BindContext): { ops: HeaderOp[]; host: Template | null } | null {
  const ops: HeaderOp[] = [];
  let host: Template | null = null;
  let ok = true;
  for (const line of lines) {
    const args = argsOf(line);
    const substituted = args.map((a, i) => (i === 0 ? a : substituteUpstream(a, urls, ctx)));
    if (substituted.some((a) => a === null)) {
      ok = false;
      continue;
    }
    const resolved = substituted as Arg[];
    if (resolved.length === 2 && resolved[0].value.toLowerCase() === 'host') {
      host = ctx.template(resolved[1]);
      if (host === null) ok = false;
      continue;
    }
    const op = parseHeaderOp(resolved, ctx);
    if (op === null) ok = false;
    else ops.push(op);
  }
  return ok ? { ops, host } : null;
}
