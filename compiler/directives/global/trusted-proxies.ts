/**
 * Global options `trusted_proxies <ranges...>` and `client_ip_headers <headers...>`: which peers' forwarding
 * headers are believed, and which headers carry the client IP ({client_ip}, the `client_ip` matcher,
 * `lb_policy ip_hash`, the X-Forwarded-For / Forwarded sent upstream).
 *
 * Invariant: ranges are `address/prefix`; header names lower-case; `client_ip_headers` alone changes nothing.
 */
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseRanges } from '../../values/cidr.ts';
import { parseHeaderName } from '../../values/header-name.ts';

export const trustedProxies = {
  name: 'trusted_proxies',
  summary: 'Proxies in front of rws whose X-Forwarded-For (and other forwarding headers) are believed.',
  docs: [
    'When a request comes from one of these addresses, the client IP (`{client_ip}`, the `client_ip` matcher,',
    '`lb_policy ip_hash`) is read from `X-Forwarded-For` (or the headers of `client_ip_headers`), right to',
    'left, skipping trusted addresses: the first untrusted one is the client. The X-Forwarded-For, Forwarded,',
    'X-Forwarded-Proto and X-Forwarded-Host such a proxy sent are passed upstream (extended with this hop);',
    'from any other peer they are replaced. `{remote_ip}` stays the TCP peer.',
    '',
    '```',
    'trusted_proxies <ip|cidr|private_ranges...>',
    '```',
    '',
    '- **ranges**: IP addresses, CIDR ranges, or `private_ranges` (10/8, 172.16/12, 192.168/16, 127/8, fd00::/8, ::1).',
  ].join('\n'),
  examples: ['trusted_proxies 10.0.0.0/8 192.168.1.7', 'trusted_proxies private_ranges'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'ranges', type: { kind: 'cidr' }, docs: 'IP addresses, CIDR ranges or `private_ranges`.', variadic: true }],
  block: null,
  codes: ['RWS3110'],
  bind(node, ctx) {
    const ranges = parseRanges(node.args, ctx);
    return ranges === null || ranges.length === 0 ? null : { kind: 'global', option: { kind: 'trusted_proxies', ranges } };
  },
} as const satisfies DirectiveSpec;

export const clientIpHeaders = {
  name: 'client_ip_headers',
  summary: 'Headers the client IP is read from when the peer is a trusted proxy (default X-Forwarded-For).',
  docs: [
    'The first of these headers present in a request from one of the `trusted_proxies` gives the client IP.',
    'Lists (`X-Forwarded-For`, `Forwarded`) are read right to left, skipping trusted addresses. `Forwarded`',
    'is read as RFC 7239 (`for=` parameters). Without `trusted_proxies` this option has no effect.',
    '',
    '```',
    'client_ip_headers <header...>',
    '```',
  ].join('\n'),
  examples: ['client_ip_headers X-Real-IP X-Forwarded-For', 'client_ip_headers Forwarded'],
  scopes: ['global'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [{ name: 'headers', type: { kind: 'header-name' }, docs: 'Header names, first present wins.', variadic: true }],
  block: null,
  codes: ['RWS3111'],
  bind(node, ctx) {
    const headers: string[] = [];
    let ok = true;
    for (const arg of node.args) {
      const name = parseHeaderName(arg, ctx);
      if (name === null) ok = false;
      else if (!headers.includes(name)) headers.push(name);
    }
    return !ok || headers.length === 0 ? null : { kind: 'global', option: { kind: 'client_ip_headers', headers } };
  },
} as const satisfies DirectiveSpec;
