/**
 * Host names and IP literals, as they appear in addresses and upstreams.
 *
 * Invariant: a valid host comes back lower-case, IPv6 without brackets.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type HostCheck = { readonly ok: true; readonly host: string; readonly ipv6: boolean } | { readonly ok: false; readonly reason: string };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const DIGITS_AND_DOTS = /^[\d.]+$/;

/** Every dot-separated label is 1-63 characters of letters, digits, `_` and inner `-`. */
function validLabels(host: string): boolean {
  let start = 0;
  while (start <= host.length) {
    let end = host.indexOf('.', start);
    if (end === -1) end = host.length;
    if (end - start > 63 || !LABEL.test(host.slice(start, end))) return false;
    start = end + 1;
  }
  return true;
}

/** Check a host written without brackets (a DNS name or an IPv4 address) or `[ipv6]`. */
export function checkHost(text: string): HostCheck {
  if (text.startsWith('[')) {
    const inner = text.endsWith(']') ? text.slice(1, -1) : '';
    if (!isIPv6(inner)) return { ok: false, reason: `\`${text}\` is not an IPv6 address` };
    return { ok: true, host: inner.toLowerCase(), ipv6: true };
  }
  // Cheap tests first: an IPv6 address always has a `:`, an IPv4 address only digits and dots (node:net's
  // checks are large regular expressions, and a big file has thousands of plain host names).
  if (text.includes(':') && isIPv6(text)) return { ok: false, reason: 'IPv6 addresses must be written in brackets' };
  const digitsAndDots = DIGITS_AND_DOTS.test(text);
  if (digitsAndDots && isIPv4(text)) return { ok: true, host: text, ipv6: false };
  const host = text.toLowerCase().replace(/\.$/, '');
  if (host === '' || host.length > 253 || !validLabels(host)) {
    return { ok: false, reason: `\`${text}\` is not a valid host name` };
  }
  if (digitsAndDots) return { ok: false, reason: `\`${text}\` is not a valid IPv4 address` };
  return { ok: true, host, ipv6: false };
}

/** True for loopback IP literals and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) return host === '::1' || /^(?:0{1,4}:){7}0{0,3}1$/.test(host) || /^::ffff:127\./i.test(host);
  return false;
}
