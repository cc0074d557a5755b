/**
 * The request line and headers sent upstream, derived from the client's request.
 *
 * Invariant: the client's raw path bytes go upstream unchanged unless a rewrite changed the path; hop-by-hop
 * headers never go upstream; X-Forwarded-* and Forwarded always end with the connection rws received.
 */
import type { RequestContext } from '../../http/handler.ts';
import { acceptsTrailers, withoutHopByHop } from './hop-by-hop.ts';
import type { HeaderBag } from '../header-ops.ts';
import { setForwardingHeaders } from './forwarded.ts';

/** Path and query for the upstream request line. */
export function upstreamTarget(ctx: RequestContext): string {
  const query = ctx.query === '' ? '' : `?${ctx.query}`;
  const raw = rawPath(ctx.originalUri);
  // Without a "%" the raw path is its own decoding: no decode pass per request for plain paths.
  if (raw !== null && (raw.includes('%') ? safeDecode(raw) : raw) === ctx.path) return raw + query;
  return encodePath(ctx.path) + query;
}

function rawPath(uri: string): string | null {
  if (!uri.startsWith('/')) return null;
  const q = uri.indexOf('?');
  const hash = uri.indexOf('#');
  const end = q < 0 ? (hash < 0 ? uri.length : hash) : q;
  return uri.slice(0, end);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Characters that may stay literal in a path segment (RFC 3986 pchar minus unreserved, which are never encoded). */
const KEEP_LITERAL = /%(?:3A|40|24|26|2B|2C|3B|3D)/gi;

/** Percent-encodes a decoded path segment by segment, so "?" "#" "%" and spaces can't change its meaning. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(KEEP_LITERAL, (m) => decodeURIComponent(m)))
    .join('/');
}

/** The Host the client asked for, port included, as it arrived (HTTP/2: :authority). */
export function clientHostHeader(ctx: RequestContext): string | undefined {
  const host = ctx.headers.host ?? ctx.headers[':authority'];
  return Array.isArray(host) ? host[0] : host;
}

/** Client headers that never go upstream as they are: Host is replaced, Expect was answered by Node. */
const NOT_FORWARDED: ReadonlySet<string> = new Set(['expect', 'host']);

/**
 * Client headers minus hop-by-hop and Expect (Node already answered `100-continue`), plus the forwarding
 * headers (forwarded.ts: X-Forwarded-*, Forwarded, Via) and Host. `header_up` ops run after this.
 */
export function upstreamHeaders(ctx: RequestContext, host: string): HeaderBag {
  const headers: HeaderBag = withoutHopByHop(ctx.headers, NOT_FORWARDED);
  if (acceptsTrailers(ctx.headers.te)) headers['te'] = 'trailers';
  setForwardingHeaders(headers, ctx, clientHostHeader(ctx));
  headers['host'] = host;
  return headers;
}
