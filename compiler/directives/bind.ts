/**
 * `bind <hosts...>`: the interfaces the site's listener binds to.
 *
 * Invariant: returns the site option `bind` with one or more distinct hosts.
 */
import type { DirectiveSpec } from '../registry/directive.ts';
import { parseBindHosts } from './bind-hosts.ts';

export const bind = {
  name: 'bind',
  summary: 'Listen on these interfaces only.',
  docs: [
    'Chooses the network interfaces the site listens on; the port comes from the site address. Without `bind`',
    'a site listens on `default_bind` (a global option) or on every interface.',
    '',
    '```',
    'bind <hosts...>',
    '```',
    '',
    '- **hosts**: IP addresses (`127.0.0.1`, `::1`, `0.0.0.0`) or host names (`localhost`), without a port.',
    '  With several hosts, the site listens on each.',
  ].join('\n'),
  examples: ['bind 127.0.0.1', 'bind 127.0.0.1 ::1'],
  scopes: ['site'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'hosts', type: { kind: 'string' }, docs: 'IP addresses or host names, without a port.', variadic: true }],
  block: null,
  codes: ['RWS3270', 'RWS3115'],
  bind(node, ctx) {
    const hosts = parseBindHosts(node.args, ctx);
    return hosts === null || hosts.length === 0 ? null : { kind: 'site', option: { kind: 'bind', hosts } };
  },
} as const satisfies DirectiveSpec;
