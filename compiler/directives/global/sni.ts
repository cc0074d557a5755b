/**
 * Global options `default_sni <name>` and `unknown_sni default|reject`: what a TLS handshake gets when it names no
 * site (or sends no SNI at all, as clients connecting to an IP address do).
 *
 * Invariant: `default_sni` yields one lower-case host (name or IP, no wildcard); `unknown_sni` one of its two modes.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseEnum } from '../../values/enum.ts';
import { checkHost } from '../../values/host.ts';

export const defaultSni = {
  name: 'default_sni',
  summary: 'The site whose certificate serves handshakes without SNI or with an unknown name.',
  docs: [
    'A client connecting to an IP address sends no server name (SNI), and a client may name a host no site',
    'serves. Such handshakes get the certificate and TLS settings of the HTTPS site serving this name on the',
    'listener. Without `default_sni`: the first site with an IP address among its addresses, else the first',
    'HTTPS site of the listener.',
    '',
    '```',
    'default_sni <name>',
    '```',
    '',
    '- **name**: a host name or IP address one of the HTTPS sites serves.',
  ].join('\n'),
  examples: ['default_sni example.com'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'name', type: { kind: 'string' }, docs: 'A host name or IP address served by an HTTPS site.' }],
  block: null,
  codes: ['RWS3306'],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    const check = checkHost(arg.value);
    if (!check.ok || arg.value.startsWith('*')) {
      ctx.error('RWS3306', `\`default_sni ${arg.value}\`: ${arg.value.startsWith('*') ? 'a wildcard cannot be a default name' : check.ok ? '' : check.reason}`, arg.span, {
        hint: 'write one of the HTTPS sites\' names, e.g. `default_sni example.com`',
      });
      return null;
    }
    return { kind: 'global', option: { kind: 'default_sni', name: check.host } };
  },
} as const satisfies DirectiveSpec;

const MODES = ['default', 'reject'] as const;

export const unknownSni = {
  name: 'unknown_sni',
  summary: 'Serve handshakes that name no site with the default certificate, or reject them.',
  docs: [
    'What a TLS handshake gets when its server name (SNI) matches no site on the listener: `default` (the',
    'default) serves it the default site\'s certificate (see `default_sni`); `reject` refuses the handshake, so',
    'scanners probing names learn nothing about the sites behind the port. Handshakes without any SNI (clients',
    'connecting by IP address) always get the default certificate.',
    '',
    '```',
    'unknown_sni <mode>',
    '```',
    '',
    '- **mode**: `default` or `reject`.',
  ].join('\n'),
  examples: ['unknown_sni reject'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'mode', type: { kind: 'enum', values: MODES }, docs: '`default` or `reject`.' }],
  block: null,
  codes: ['RWS3113'],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    const mode = parseEnum(arg, ctx, MODES, 'unknown_sni mode');
    return mode === null ? null : { kind: 'global', option: { kind: 'unknown_sni', mode } };
  },
} as const satisfies DirectiveSpec;
