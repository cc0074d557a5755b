/**
 * Global option `default_bind <hosts...>`: the interfaces sites without `bind` listen on.
 *
 * Invariant: one or more distinct hosts, as for `bind`.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseBindHosts } from '../bind-hosts.ts';

export const defaultBind = {
  name: 'default_bind',
  summary: 'The interfaces that sites without bind listen on.',
  docs: [
    'Sites without their own `bind` listen on these hosts instead of every interface. `default_bind 127.0.0.1`',
    'keeps a development server off the network.',
    '',
    '```',
    'default_bind <hosts...>',
    '```',
    '',
    '- **hosts**: IP addresses or host names, without a port.',
  ].join('\n'),
  examples: ['default_bind 127.0.0.1', 'default_bind 127.0.0.1 ::1'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'hosts', type: { kind: 'string' }, docs: 'IP addresses or host names, without a port.', variadic: true }],
  block: null,
  codes: ['RWS3270', 'RWS3115'],
  bind(node, ctx) {
    const hosts = parseBindHosts(node.args, ctx);
    return hosts === null || hosts.length === 0 ? null : { kind: 'global', option: { kind: 'default_bind', hosts } };
  },
} as const satisfies DirectiveSpec;
