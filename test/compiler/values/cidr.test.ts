import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIp } from '../../../compiler/values/cidr.ts';
import { run } from './harness.ts';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.7', '192.168.1.7/32'],
    ['::1', '::1/128'],
    ['FD00::/8', 'fd00::/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('reads %s as %s', (text, cidr) => {
    expect(run(parseCidr, text)).toEqual({ value: cidr, errors: [] });
  });

  it('produces ranges net.BlockList accepts and matches', () => {
    const list = new BlockList();
    for (const text of ['10.0.0.0/8', 'fd00::/8']) {
      const [address, prefix] = run(parseCidr, text).value!.split('/');
      list.addSubnet(address, Number(prefix), address.includes(':') ? 'ipv6' : 'ipv4');
    }
    expect(list.check('10.1.2.3')).toBe(true);
    expect(list.check('fd12::1', 'ipv6')).toBe(true);
    expect(list.check('11.0.0.1')).toBe(false);
  });

  it('rejects bad addresses and prefix lengths', () => {
    expect(run(parseCidr, '10.0.0/8').errors).toEqual(['RWS3110 0-6 invalid IP address `10.0.0` | e.g. `10.0.0.0/8`, `192.168.1.7`, `::1` or `fd00::/8`']);
    expect(run(parseCidr, '10.0.0.0/33').errors).toEqual([
      'RWS3110 9-11 invalid CIDR range `10.0.0.0/33`: the prefix length must be between 0 and 32 | e.g. `10.0.0.0/8`, `192.168.1.7`, `::1` or `fd00::/8`',
    ]);
    expect(run(parseCidr, '::/129').errors).toEqual(['RWS3110 3-6 invalid CIDR range `::/129`: the prefix length must be between 0 and 128 | e.g. `10.0.0.0/8`, `192.168.1.7`, `::1` or `fd00::/8`']);
    expect(run(parseCidr, '10.0.0.0/').errors).toEqual(['RWS3110 8-9 invalid CIDR range `10.0.0.0/`: the prefix length must be between 0 and 32 | e.g. `10.0.0.0/8`, `192.168.1.7`, `::1` or `fd00::/8`']);
  });
});

describe('parseIp', () => {
  it('reads a single address', () => {
    expect(run(parseIp, '127.0.0.1')).toEqual({ value: '127.0.0.1', errors: [] });
  });

  it('explains that brackets are not needed', () => {
    expect(run(parseIp, '[::1]').errors).toEqual(['RWS3110 0-5 invalid IP address `[::1]` | write IPv6 addresses without brackets here: `::1`']);
  });
});
