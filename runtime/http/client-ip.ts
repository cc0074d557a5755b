/**
 * The client's IP behind trusted proxies (global `trusted_proxies` / `client_ip_headers`): when the TCP peer
 * is a trusted proxy, the configured headers are read right to left, skipping trusted addresses; the first
 * untrusted address is the client. A client that sends X-Forwarded-For itself only adds entries to the left
 * of what its proxy appends, so it can't choose its IP. From an untrusted peer the headers are ignored.
 *
 * Invariant: built once per GlobalPlan (cached on the frozen object); per request only when {client_ip} is
 * read or a request is proxied, and then one memoised BlockList check per hop; never throws on header
 * garbage (the walk stops there).
 */
import { BlockList, isIP } from 'node:net';
import type { GlobalPlan, TrustedProxiesPlan } from '../plan/plan.ts';

export interface ClientIpResolver {
  /** Whether forwarding headers from this peer are believed. */
  trusts(peer: string): boolean;
  /** The client IP for a request from `peer` with these headers. */
  resolve(peer: string, headers: Readonly<Record<string, string | string[] | undefined>>): string;
}

const resolvers = new WeakMap<GlobalPlan, ClientIpResolver | null>();

/** Addresses whose trust is remembered per resolver (the memo is emptied when full). */
const KNOWN_PEERS = 4096;

/** null when no proxy is trusted (the client IP is always the peer). */
export function clientIpResolver(global: GlobalPlan): ClientIpResolver | null {
  let resolver = resolvers.get(global);
  if (resolver === undefined) {
    resolver = global.trustedProxies === undefined || global.trustedProxies.ranges.length === 0 ? null : compileResolver(global.trustedProxies);
    resolvers.set(global, resolver);
  }
  return resolver;
}

export function compileResolver(plan: TrustedProxiesPlan): ClientIpResolver {
  const list = new BlockList();
  for (const range of plan.ranges) {
    const slash = range.indexOf('/');
    const address = slash === -1 ? range : range.slice(0, slash);
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (slash === -1) list.addAddress(address, family);
    else list.addSubnet(address, Number(range.slice(slash + 1)), family);
  }
  // BlockList.check costs about a microsecond; peers repeat (keep-alive, a few proxies), so answers are kept.
  const known = new Map<string, boolean>();
  const trusts = (ip: string): boolean => {
    const seen = known.get(ip);
    if (seen !== undefined) return seen;
    const family = isIP(ip);
    const trusted = family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
    if (known.size >= KNOWN_PEERS) known.clear();
    known.set(ip, trusted);
    return trusted;
  };
  const headers = plan.headers.length === 0 ? ['x-forwarded-for'] : plan.headers;
  return {
    trusts,
    resolve(peer, requestHeaders) {
      if (!trusts(peer)) return peer;
      for (const name of headers) {
        const value = requestHeaders[name];
        if (value === undefined) continue;
        return walk(Array.isArray(value) ? value.join(',') : value, name === 'forwarded', trusts, peer);
      }
      return peer;
    },
  };
}

/** Right to left through a list of hops: the first one not trusted, else the leftmost. */
function walk(list: string, forwarded: boolean, trusts: (ip: string) => boolean, peer: string): string {
  const hops = list.split(',');
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = forwarded ? forwardedFor(hops[i]) : bareIp(hops[i]);
    // Garbage (or an obfuscated `for=_hidden`): what is to its left can't be checked, so stop here.
    if (ip === null) return client;
    client = ip;
    if (!trusts(ip)) return ip;
  }
  return client;
}

/** An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678`, `::1`; null when not an IP. */
export function bareIp(text: string): string | null {
  let s = text.trim();
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) s = s.slice(1, -1);
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    s = close === -1 ? '' : s.slice(1, close);
  } else if (s.indexOf(':') !== -1 && s.indexOf(':') === s.lastIndexOf(':')) {
    s = s.slice(0, s.indexOf(':')); // IPv4 with a port
  }
  if (s.startsWith('::ffff:') && s.includes('.')) s = s.slice(7);
  return isIP(s) === 0 ? null : s.toLowerCase();
}

/** The `for=` parameter of one RFC 7239 Forwarded element. */
function forwardedFor(element: string): string | null {
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim().toLowerCase() === 'for') return bareIp(pair.slice(eq + 1));
  }
  return null;
}
