/**
 * PROXY protocol headers (HAProxy's spec, v1 text and v2 binary) sent first on an upstream connection, so the
 * upstream learns the client's address although the TCP peer is rws.
 *
 * Invariant: a header describes exactly one client connection; families are never mixed (an IPv4 address
 * paired with an IPv6 one is written as IPv4-mapped IPv6).
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ProxiedAddresses {
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
}

/** v2 signature: \r\n\r\n\0\r\nQUIT\n */
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

export function proxyHeader(version: 'v1' | 'v2', a: ProxiedAddresses): Buffer {
  const both4 = isIPv4(a.srcIp) && isIPv4(a.dstIp);
  const src = both4 ? a.srcIp : asIPv6(a.srcIp);
  const dst = both4 ? a.dstIp : asIPv6(a.dstIp);
  if (src === null || dst === null) return version === 'v1' ? Buffer.from('PROXY UNKNOWN\r\n', 'latin1') : v2Local();
  if (version === 'v1') return Buffer.from(`PROXY ${both4 ? 'TCP4' : 'TCP6'} ${src} ${dst} ${a.srcPort} ${a.dstPort}\r\n`, 'latin1');
  const addressBytes = both4 ? 12 : 36;
  const out = Buffer.alloc(16 + addressBytes);
  V2_SIGNATURE.copy(out, 0);
  out[12] = 0x21; // version 2, command PROXY
  out[13] = both4 ? 0x11 : 0x21; // AF_INET / AF_INET6, STREAM
  out.writeUInt16BE(addressBytes, 14);
  if (both4) {
    ipv4Bytes(src).copy(out, 16);
    ipv4Bytes(dst).copy(out, 20);
    out.writeUInt16BE(a.srcPort, 24);
    out.writeUInt16BE(a.dstPort, 26);
  } else {
    ipv6Bytes(src).copy(out, 16);
    ipv6Bytes(dst).copy(out, 32);
    out.writeUInt16BE(a.srcPort, 48);
    out.writeUInt16BE(a.dstPort, 50);
  }
  return out;
}

/** A v2 LOCAL header: the upstream uses the connection's own addresses. */
function v2Local(): Buffer {
  const out = Buffer.alloc(16);
  V2_SIGNATURE.copy(out, 0);
  out[12] = 0x20;
  return out;
}

function asIPv6(ip: string): string | null {
  if (isIPv6(ip)) return ip;
  return isIPv4(ip) ? `::ffff:${ip}` : null;
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function ipv6Bytes(ip: string): Buffer {
  let text = ip;
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad !== null) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = head === '' ? [] : head.split(':');
  const right = tail === null || tail === '' ? [] : tail.split(':');
  const groups = tail === null ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
