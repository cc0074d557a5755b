/**
 * Global option `metrics <address> [path]`: the Prometheus endpoint.
 *
 * Invariant: the path starts with `/` and has no query; default `/metrics`.
 */
import type { DirectiveSpec, Reporter } from '../../registry/directive.ts';
import type { Arg } from '../../syntax/ast.ts';
import { parseAddress } from '../../values/address.ts';

export const metrics = {
  name: 'metrics',
  summary: 'Serve Prometheus metrics on their own address.',
  docs: [
    'Serves metrics in the Prometheus text format on a separate listener: requests by site, status and method,',
    'request durations, bytes, upstream health and active connections, plus Node process metrics.',
    '',
    '```',
    'metrics <address> [<path>]',
    '```',
    '',
    '- **address**: `host:port` (e.g. `127.0.0.1:9100`) or a unix socket. It is not restricted to loopback, so',
    '  a scraper on another machine can reach it; keep it on an internal interface.',
    '- **path**: the URL path; default `/metrics`.',
  ].join('\n'),
  examples: ['metrics 127.0.0.1:9100', 'metrics :9100 /internal/metrics'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [
    { name: 'address', type: { kind: 'address' }, docs: 'Listen address.' },
    { name: 'path', type: { kind: 'string' }, docs: 'URL path; default /metrics.', optional: true },
  ],
  block: null,
  codes: ['RWS3902', 'RWS3106', 'RWS3105'],
  bind(node, ctx) {
    const [addressArg, pathArg] = node.args;
    if (addressArg === undefined) return null;
    const address = parseAddress(addressArg, ctx);
    const path = pathArg === undefined ? '/metrics' : parseMetricsPath(pathArg, ctx);
    if (address === null || path === null) return null;
    return { kind: 'global', option: { kind: 'metrics', address, path } };
  },
} as const satisfies DirectiveSpec;

function parseMetricsPath(arg: Arg, r: Reporter): string | null {
  if (arg.value.startsWith('/') && !/[?#\s]/.test(arg.value)) return arg.value;
  r.error('RWS3902', `invalid metrics path \`${arg.value}\`: expected an absolute path such as \`/metrics\``, arg.span, {
    hint: arg.value.startsWith('/') ? 'remove the query' : `write \`/${arg.value}\``,
  });
  return null;
}
