/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never forwarded.
 *
 * Invariant: the input is never mutated; names arrive lower-case and are compared as they are; HTTP/2
 * pseudo headers (":path") never cross the proxy.
 */
import type { IncomingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'http2-settings',
]);

type HeaderValue = string | number | string[] | undefined;

/**
 * A copy of `headers` without hop-by-hop fields, the fields named in Connection, pseudo headers, and the
 * fields in `alsoDrop` (left out of the copy rather than deleted after: `delete` turns an object into a slow
 * dictionary). Names must be lower-case already, as in Node's request headers (the handler contract) and
 * undici's parsed response headers: lower-casing every name again would cost more than the copy itself.
 */
export function withoutHopByHop(headers: LowerCaseHeaders, alsoDrop: ReadonlySet<string> | null = null): Record<string, HeaderValue> {
  const named = namedInConnection(headers['connection']);
  const out: Record<string, HeaderValue> = {};
  // for-in, not Object.entries: no pair arrays per request. Node's and undici's header objects have no
  // enumerable inherited keys.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name.charCodeAt(0) === COLON) continue;
    if (HOP_BY_HOP.has(name) || (named !== null && named.has(name)) || (alsoDrop !== null && alsoDrop.has(name))) continue;
    out[name] = value;
  }
  return out;
}

/** Header objects whose names are all lower-case. */
export type LowerCaseHeaders = Readonly<Record<string, HeaderValue>>;

const COLON = 0x3a;

/**
 * The extra fields a Connection header names, or null when it names none beyond the hop-by-hop ones (the
 * usual `keep-alive` / `close`, answered without building a set).
 */
function namedInConnection(value: HeaderValue): Set<string> | null {
  if (value === undefined || value === 'keep-alive' || value === 'close') return null;
  if (typeof value === 'string' && HOP_BY_HOP_VALUES.has(value.toLowerCase())) return null;
  return connectionTokens(value);
}

/** Connection values that name nothing but hop-by-hop fields (or options that are not fields at all). */
const HOP_BY_HOP_VALUES = new Set(['keep-alive', 'close', 'upgrade', 'te']);

/** `TE: trailers` is the one TE value that may go upstream (gRPC relies on it). */
export function acceptsTrailers(te: HeaderValue): boolean {
  if (te === undefined) return false;
  const list = Array.isArray(te) ? te.join(',') : String(te);
  return list.split(',').some((t) => t.split(';')[0].trim().toLowerCase() === 'trailers');
}

/** True when the request asks to switch protocols (WebSocket and friends). */
export function isUpgradeRequest(headers: IncomingHttpHeaders): boolean {
  return headers.upgrade !== undefined && connectionTokens(headers.connection).has('upgrade');
}

function connectionTokens(value: HeaderValue): Set<string> {
  const tokens = new Set<string>();
  if (value === undefined) return tokens;
  const list = Array.isArray(value) ? value.join(',') : String(value);
  for (const token of list.split(',')) {
    const t = token.trim().toLowerCase();
    if (t !== '') tokens.add(t);
  }
  return tokens;
}
