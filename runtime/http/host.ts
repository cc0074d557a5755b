/**
 * The request's host name as the host table knows it: from Host (HTTP/1.1) or :authority (HTTP/2),
 * lower-case, port stripped, trailing dot removed, IPv6 brackets removed ("[::1]:8080" → "::1").
 */
export function normalizeHost(authority: string | undefined): string {
  if (authority === undefined || authority === '') return '';
  let host = authority;
  if (host.charCodeAt(0) === 0x5b /* [ */) {
    const close = host.indexOf(']');
    host = close === -1 ? host.slice(1) : host.slice(1, close);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return lowerAscii(host);
}

function lowerAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return s.toLowerCase();
  }
  return s;
}
