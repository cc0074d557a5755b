/**
 * IP addresses and CIDR ranges (IPv4 and IPv6), in the forms net.BlockList accepts.
 *
 * Invariant: parseCidr returns `address/prefix` (a plain address gets /32 or /128) with a prefix in range for
 * its family; parseIp returns a bare address. IPv6 comes back lower-case.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { valueSpan } from './arg-span.ts';

const HINT = 'e.g. `10.0.0.0/8`, `192.168.1.7`, `::1` or `fd00::/8`';

/** Parse an IP address or CIDR range into `address/prefix`; reports RWS3110 and returns null when invalid. */
export function parseCidr(arg: Arg, r: Reporter): string | null {
  const text = arg.value;
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = checkIp(arg, addressText, r);
  if (address === null) return null;
  const bits = isIPv4(address) ? 32 : 128;
  if (slash === -1) return `${address}/${bits}`;
  const prefixText = text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix <= bits)) {
    r.error('RWS3110', `invalid CIDR range \`${text}\`: the prefix length must be between 0 and ${bits}`, valueSpan(arg, slash + 1, text.length), { hint: HINT });
    return null;
  }
  return `${address}/${prefix}`;
}

/** What `private_ranges` stands for: RFC 1918, loopback and unique-local IPv6. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', 'fd00::/8', '::1/128'];

/** IPs, CIDR ranges and the word `private_ranges` (expanded); null if any was invalid (each reported). */
export function parseRanges(args: readonly Arg[], r: Reporter): string[] | null {
  const ranges: string[] = [];
  let ok = true;
  for (const a of args) {
    if (a.value === 'private_ranges') {
      ranges.push(...PRIVATE_RANGES);
      continue;
    }
    const cidr = parseCidr(a, r);
    if (cidr === null) ok = false;
    else ranges.push(cidr);
  }
  return ok ? ranges : null;
}

/** Parse a single IP address (no prefix); reports RWS3110 and returns null when invalid. */
export function parseIp(arg: Arg, r: Reporter): string | null {
  return checkIp(arg, arg.value, r);
}

function checkIp(arg: Arg, text: string, r: Reporter): string | null {
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return text.toLowerCase();
  const bracketed = /^\[(.*)\]$/.exec(text);
  const hint = bracketed !== null && isIPv6(bracketed[1]) ? `write IPv6 addresses without brackets here: \`${bracketed[1]}\`` : HINT;
  r.error('RWS3110', `invalid IP address \`${text}\``, valueSpan(arg, 0, text.length), { hint });
  return null;
}
