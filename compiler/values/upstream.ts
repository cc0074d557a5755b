/**
 * Upstreams for reverse_proxy: `host:port`, `:port` (localhost), `http://host[:port]`, `https://host[:port]`.
 *
 * Invariant: the result is an origin URL `scheme://host:port` with the port always written (80 and 443 by
 * default), a lower-case host and no path, query, fragment or credentials.
 */
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';
import { checkHost } from './host.ts';
import { parsePortText } from './port.ts';

const EXAMPLE = 'e.g. `127.0.0.1:3000`, `http://app.internal:8080` or `https://api.example.com`';

/** Parse an upstream into its origin URL; reports RWS3107 (or RWS3105 for the port) and returns null when invalid. */
export function parseUpstream(arg: Arg, r: Reporter): string | null {
  const text = arg.value;
  const fail = (message: string, hint = EXAMPLE, start = 0, end = text.length): null => {
    r.error('RWS3107', message, valueSpan(arg, start, end), { hint });
    return null;
  };
  let scheme: 'http' | 'https' = 'http';
  let start = 0;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemeMatch !== null) {
    const s = schemeMatch[1].toLowerCase();
    if (s !== 'http' && s !== 'https') {
      return fail(`invalid upstream \`${text}\`: unsupported scheme \`${schemeMatch[1]}\``, 'upstreams are `http://` or `https://`', 0, schemeMatch[1].length);
    }
    scheme = s;
    start = schemeMatch[0].length;
  }
  const authorityEnd = indexOfAny(text, '/?#', start);
  if (authorityEnd < text.length && text.slice(authorityEnd) !== '/') {
    return fail(
      `invalid upstream \`${text}\`: an upstream cannot have a path or query`,
      'an upstream names a server only; change the path with `rewrite` or `uri strip_prefix` before `reverse_proxy`',
      authorityEnd,
    );
  }
  const authority = text.slice(start, authorityEnd);
  const at = authority.indexOf('@');
  if (at !== -1) return fail(`invalid upstream \`${text}\`: an upstream cannot have credentials`, 'send credentials with `header_up Authorization ...`', start, start + at + 1);
  if (authority === '') return fail(`invalid upstream \`${text}\`: missing the host`);

  const bracketEnd = authority.startsWith('[') ? authority.indexOf(']') : -1;
  const colon = authority.lastIndexOf(':');
  const hasPort = colon !== -1 && colon > bracketEnd;
  const hostText = hasPort ? authority.slice(0, colon) : authority;
  if (hostText.includes(':') && !hostText.startsWith('[')) {
    return fail(`invalid upstream \`${text}\`: IPv6 addresses must be written in brackets`, 'e.g. `[::1]:3000`');
  }
  let host = 'localhost';
  if (hostText !== '') {
    const checked = checkHost(hostText);
    if (!checked.ok) return fail(`invalid upstream \`${text}\`: ${checked.reason}`, EXAMPLE, start, start + hostText.length);
    host = checked.ipv6 ? `[${checked.host}]` : checked.host;
  } else if (!hasPort) {
    return fail(`invalid upstream \`${text}\`: missing the host`);
  }
  let port = scheme === 'https' ? 443 : 80;
  if (hasPort) {
    const portSpan = valueSpan(arg, start + colon + 1, authorityEnd);
    const parsed = parsePortText(authority.slice(colon + 1), portSpan, r);
    if (parsed === null) return null;
    if (parsed === 0) {
      r.error('RWS3105', `invalid port \`0\` in upstream \`${text}\`: an upstream needs a real port`, portSpan, { hint: 'e.g. `127.0.0.1:3000`' });
      return null;
    }
    port = parsed;
  }
  // join(): one flat string (a template literal leaves a tree of concatenations in the plan).
  return [scheme, '://', host, ':', port].join('');
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i])) return i;
  return text.length;
}
