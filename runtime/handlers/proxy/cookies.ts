/**
 * The few cookie operations sticky sessions and traffic splits need: read one request cookie, append a
 * Set-Cookie to a response head.
 *
 * Invariant: values are written as given (callers pass tokens or pool names, which need no quoting); a
 * Set-Cookie is appended, never replacing one the upstream sent.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** The value of cookie `name` in the request, or null. */
export function readCookie(headers: IncomingHttpHeaders, name: string): string | null {
  const header = headers.cookie;
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  return null;
}

/** `name=value; Path=/; HttpOnly; SameSite=Lax[; Max-Age=n]`. */
export function setCookieLine(name: string, value: string, maxAgeSec: number | null, secure: boolean): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${maxAgeSec === null ? '' : `; Max-Age=${maxAgeSec}`}${secure ? '; Secure' : ''}`;
}

/** Adds a Set-Cookie line to response headers (lower-case names), keeping those already there. */
export function appendSetCookie(headers: OutgoingHttpHeaders | Record<string, string | string[] | number | undefined>, line: string): void {
  const existing = headers['set-cookie'];
  if (existing === undefined) headers['set-cookie'] = line;
  else if (Array.isArray(existing)) headers['set-cookie'] = [...existing, line];
  else headers['set-cookie'] = [String(existing), line];
}
