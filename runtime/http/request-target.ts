/**
 * Request-target parsing: split path and query, percent-decode the path, resolve dot-segments.
 *
 * Invariant: a path that comes out of here starts with "/", never climbs above "/" ("/../x" → "/x"), has no
 * empty segments ("//" → "/"), and contains no NUL. Decoding happens before dot-segment resolution, so
 * "%2e%2e" and "..%2f" cannot escape either.
 */

export type ParsedTarget =
  | { readonly kind: 'ok'; readonly path: string; readonly query: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseRequestTarget(raw: string): ParsedTarget {
  const plain = plainPathEnd(raw);
  if (plain === raw.length) return { kind: 'ok', path: raw, query: '' };
  if (plain !== -1 && raw.indexOf('#', plain) === -1) return { kind: 'ok', path: raw.slice(0, plain), query: raw.slice(plain + 1) };
  let target = raw;
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    // absolute-form (proxies send "http://host/path"): keep what follows the authority.
    const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (scheme === null) return { kind: 'invalid', reason: 'request-target must start with "/"' };
    target = target.slice(scheme[0].length);
    if (target === '' || target.charCodeAt(0) === 0x3f /* ? */) target = `/${target}`;
  }
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  const decoded = decodePath(rawPath);
  if (decoded === null) return { kind: 'invalid', reason: 'invalid percent-encoding in path' };
  if (decoded.includes('\0')) return { kind: 'invalid', reason: 'NUL in path' };
  return { kind: 'ok', path: normalizePath(decoded), query };
}

/**
 * The fast path, one scan: where the path of an origin-form target ends ("?" or the end) when it needs no
 * work at all (no percent-escape, no dot-segment, no empty segment, no fragment, no NUL); -1 otherwise.
 */
function plainPathEnd(raw: string): number {
  if (raw.charCodeAt(0) !== 0x2f /* / */) return -1;
  let prev = 0x2f;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x3f /* ? */) return i;
    if (c === 0x25 /* % */ || c === 0x23 /* # */ || c === 0) return -1;
    // "//" (empty segment) or "/." (maybe a dot-segment: the slow path decides).
    if (prev === 0x2f && (c === 0x2f || c === 0x2e)) return -1;
    prev = c;
  }
  return raw.length;
}

/** Percent-decodes a path; null when a "%" is not followed by two hex digits or the bytes are not UTF-8. */
export function decodePath(raw: string): string | null {
  if (!raw.includes('%')) return raw;
  for (let i = raw.indexOf('%'); i !== -1; i = raw.indexOf('%', i + 1)) {
    if (!isHex(raw.charCodeAt(i + 1)) || !isHex(raw.charCodeAt(i + 2))) return null;
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * Resolves "." and ".." segments and collapses repeated slashes of an already decoded path. The result
 * always starts with "/"; a trailing slash is kept (and added after a final "." or "..").
 */
export function normalizePath(path: string): string {
  if (path.charCodeAt(0) === 0x2f && !path.includes('//') && !path.includes('/.')) return path;
  const out: string[] = [];
  const parts = path.split('/');
  let trailingSlash = false;
  for (const part of parts) {
    trailingSlash = false;
    if (part === '' ) {
      trailingSlash = true;
      continue;
    }
    if (part === '.') {
      trailingSlash = true;
      continue;
    }
    if (part === '..') {
      out.pop();
      trailingSlash = true;
      continue;
    }
    out.push(part);
  }
  if (out.length === 0) return '/';
  return `/${out.join('/')}${trailingSlash ? '/' : ''}`;
}

/** Re-encodes a decoded path for places that need a URI ({uri}, redirects): keeps "/" and RFC 3986 pchars. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
