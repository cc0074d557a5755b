/**
 * Global option `admin off|<address>`: the admin endpoint (reload, config, stop).
 *
 * Invariant: the address is a loopback TCP address or a unix socket; `off` gives null.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseAddress } from '../../values/address.ts';
import { isLoopbackHost } from '../../values/host.ts';

export const admin = {
  name: 'admin',
  summary: 'Where the admin endpoint listens (reload, config, stop), or off.',
  docs: [
    'The admin endpoint lets `rws reload` load a new configuration and `rws stop` stop the server. Because it',
    'can change what the server does, it only listens on a loopback address or a unix socket.',
    '',
    '```',
    'admin off|<address>',
    '```',
    '',
    '- **address**: `127.0.0.1:2019`, `[::1]:2019`, `localhost:2019`, or a unix socket `unix//run/rws/admin.sock`.',
    '- **off**: no admin endpoint; reload with SIGHUP or `rws run --watch` instead.',
  ].join('\n'),
  examples: ['admin 127.0.0.1:2019', 'admin unix//run/rws/admin.sock', 'admin off'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'address', type: { kind: 'address' }, docs: 'A loopback `host:port`, a unix socket, or `off`.' }],
  block: null,
  codes: ['RWS3901', 'RWS3106', 'RWS3105'],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    if (arg.value === 'off') return { kind: 'global', option: { kind: 'admin', address: null } };
    const address = parseAddress(arg, ctx);
    if (address === null) return null;
    if (address.kind === 'tcp' && !isLoopbackHost(address.host)) {
      const where = address.host === '' ? 'every interface' : `\`${address.host}\``;
      ctx.error('RWS3901', `the admin endpoint must listen on a loopback address or a unix socket, not ${where}`, arg.span, {
        hint: 'the admin endpoint can reload the server; keep it on 127.0.0.1, ::1 or a unix socket',
      });
      return null;
    }
    return { kind: 'global', option: { kind: 'admin', address } };
  },
} as const satisfies DirectiveSpec;
