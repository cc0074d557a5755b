/**
 * Site addresses: `[http://|https://]host[:port]`, `:port`, `*.example.com`, `[::1]:8080`, separated by commas
 * (`a.com, b.com {` or `a.com,b.com {`).
 *
 * Invariant: hosts come back lower-case without a trailing dot (IPv6 without brackets); a wildcard is exactly
 * one leftmost `*` label; an empty host means "any host".
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from '../values/arg-span.ts';
import { checkHost } from '../values/host.ts';
import { parsePortText } from '../values/port.ts';
import type { SiteAddress } from './bound.ts';

const EXAMPLES = 'e.g. `example.com`, `http://localhost:8080`, `:8080` or `*.example.com`';

/** Split the words before a site's `{` into addresses and parse each one. Invalid ones are reported and left out. */
export function parseSiteAddresses(args: readonly Arg[], r: Reporter): SiteAddress[] {
  const out: SiteAddress[] = [];
  let pieces = 0;
  for (const arg of args) {
    const value = arg.value;
    if (!value.includes(',') && value.trim() === value) {
      // The usual case: one address, the whole argument.
      if (value === '') continue;
      pieces++;
      const address = parseSiteAddress(value, valueSpan(arg, 0, value.length), r);
      if (address !== null) out.push(address);
      continue;
    }
    let start = 0;
    for (const piece of value.split(',')) {
      const trimmed = piece.trim();
      const offset = start + piece.indexOf(trimmed);
      start += piece.length + 1;
      if (trimmed === '') continue;
      pieces++;
      const span = valueSpan(arg, offset, offset + trimmed.length);
      const address = parseSiteAddress(trimmed, span, r);
      if (address !== null) out.push(address);
    }
  }
  if (pieces === 0 && args.length > 0) {
    const span = { file: args[0].span.file, start: args[0].span.start, end: args[args.length - 1].span.end };
    r.error('RWS2013', 'this site block has no address', span, { hint: EXAMPLES });
  }
  return out;
}

function fail(r: Reporter, span: Span, message: string, hint = EXAMPLES): null {
  r.error('RWS2011', message, span, { hint });
  return null;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

export function parseSiteAddress(text: string, span: Span, r: Reporter): SiteAddress | null {
  let rest = text;
  let scheme: 'http' | 'https' | null = null;
  const schemeMatch = text.includes('://') ? SCHEME.exec(rest) : null;
  if (schemeMatch !== null) {
    const s = schemeMatch[1].toLowerCase();
    if (s !== 'http' && s !== 'https') return fail(r, span, `unsupported scheme \`${schemeMatch[1]}://\` in site address \`${text}\``, 'use `http://` or `https://`');
    scheme = s;
    rest = rest.slice(schemeMatch[0].length);
  }
  if (rest.includes('/')) {
    return fail(r, span, `site address \`${text}\` has a path: a site matches hosts and ports only`, 'match paths inside the site instead: `handle /path/* { ... }`');
  }
  let hostText: string;
  let portText: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return fail(r, span, `invalid site address \`${text}\`: missing \`]\` after the IPv6 address`);
    hostText = rest.slice(0, close + 1);
    const after = rest.slice(close + 1);
    if (after.startsWith(':')) portText = after.slice(1);
    else if (after !== '') return fail(r, span, `invalid site address \`${text}\`: unexpected \`${after}\` after the IPv6 address`);
  } else {
    const colon = rest.indexOf(':');
    if (colon !== rest.lastIndexOf(':')) return fail(r, span, `invalid site address \`${text}\`: IPv6 addresses must be written in brackets`, 'e.g. `[::1]:8080`');
    hostText = colon === -1 ? rest : rest.slice(0, colon);
    portText = colon === -1 ? null : rest.slice(colon + 1);
  }
  let port: number | null = null;
  if (portText !== null) {
    if (portText === '') return fail(r, span, `invalid site address \`${text}\`: missing the port after \`:\``);
    const exact = span.end - span.start === text.length;
    const portSpan = exact ? { ...span, start: span.end - portText.length } : span;
    port = parsePortText(portText, portSpan, r);
    if (port === null) return null;
  }
  let host: string | null = null;
  if (hostText !== '') {
    const wildcard = hostText.startsWith('*.');
    const bare = wildcard ? hostText.slice(2) : hostText;
    if (hostText === '*') return fail(r, span, `\`*\` is not a host: leave the host out to match every host`, 'e.g. `:8080` or `http://`');
    if (bare.includes('*')) return fail(r, span, `invalid site address \`${text}\`: only one leftmost \`*\` label is allowed`, 'e.g. `*.example.com`');
    const checked = checkHost(bare);
    if (!checked.ok) return fail(r, span, `invalid site address \`${text}\`: ${checked.reason}`);
    if (wildcard && checked.ipv6) return fail(r, span, `invalid site address \`${text}\`: a wildcard needs a domain name`);
    host = wildcard ? `*.${checked.host}` : checked.host;
  }
  if (scheme === null && host === null && port === null) return fail(r, span, `empty site address \`${text}\``);
  return { text, span, scheme, host, port };
}
