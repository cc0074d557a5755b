/** `remote_ip`: the TCP peer within any of the CIDR ranges, via one net.BlockList built at provision. */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { StringTest } from './glob.ts';

export function compileRemoteIp(ranges: readonly string[]): StringTest {
  const list = new BlockList();
  for (const range of ranges) {
    const slash = range.indexOf('/');
    const address = slash === -1 ? range : range.slice(0, slash);
    const family = isIPv6(address) ? 'ipv6' : isIPv4(address) ? 'ipv4' : null;
    if (family === null) throw new Error(`remote_ip: \`${range}\` is not an IP address or CIDR range`);
    if (slash === -1) list.addAddress(address, family);
    else list.addSubnet(address, Number(range.slice(slash + 1)), family);
  }
  return (ip) => {
    if (isIPv4(ip)) return list.check(ip, 'ipv4');
    if (!isIPv6(ip)) return false;
    if (list.check(ip, 'ipv6')) return true;
    // A dual-stack listener reports IPv4 peers as "::ffff:a.b.c.d": match them against IPv4 ranges too.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    return mapped !== null && list.check(mapped[1], 'ipv4');
  };
}
