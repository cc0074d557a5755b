import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../../../compiler/values/address.ts';
import { run } from './harness.ts';

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1:2019', { kind: 'tcp', host: '127.0.0.1', port: 2019 }],
    [':8080', { kind: 'tcp', host: '', port: 8080 }],
    ['[::1]:2019', { kind: 'tcp', host: '::1', port: 2019 }],
    ['LocalHost:9000', { kind: 'tcp', host: 'localhost', port: 9000 }],
    ['unix//run/rws.sock', { kind: 'unix', path: '/run/rws.sock' }],
    ['unix/admin.sock', { kind: 'unix', path: 'admin.sock' }],
  ])('reads %s', (text, address) => {
    expect(run(parseAddress, text)).toEqual({ value: address, errors: [] });
  });

  it('requires a port', () => {
    expect(run(parseAddress, 'localhost').errors).toEqual(['RWS3106 0-9 invalid address `localhost`: missing the port | add a port, e.g. `localhost:2019`']);
    expect(run(parseAddress, '[::1]').errors).toEqual(['RWS3106 0-5 invalid address `[::1]`: missing the port | add a port, e.g. `[::1]:2019`']);
  });

  it('requires brackets around IPv6', () => {
    expect(run(parseAddress, '::1:2019').errors).toEqual(['RWS3106 0-8 invalid address `::1:2019`: IPv6 addresses must be written in brackets | e.g. `[::1]:2019`']);
  });

  it('points at a bad host or port', () => {
    expect(run(parseAddress, 'bad_host!:80').errors).toEqual([
      'RWS3106 0-9 invalid address `bad_host!:80`: `bad_host!` is not a valid host name | e.g. `127.0.0.1:2019`, `:8080`, `[::1]:2019` or `unix//run/rws.sock`',
    ]);
    expect(run(parseAddress, '127.0.0.1:99999').errors).toEqual(['RWS3105 10-15 invalid port `99999`: must be between 0 and 65535 | e.g. `8080`']);
    expect(run(parseAddress, '300.1.1.1:80').errors).toEqual([
      'RWS3106 0-9 invalid address `300.1.1.1:80`: `300.1.1.1` is not a valid IPv4 address | e.g. `127.0.0.1:2019`, `:8080`, `[::1]:2019` or `unix//run/rws.sock`',
    ]);
  });

  it('rejects a scheme and an empty socket path', () => {
    expect(run(parseAddress, 'http://localhost:2019').errors).toEqual([
      'RWS3106 0-21 invalid address `http://localhost:2019`: a listen address has no scheme | write the host and port only, e.g. `127.0.0.1:2019`, `:8080`, `[::1]:2019` or `unix//run/rws.sock`',
    ]);
    expect(run(parseAddress, 'unix/').errors).toEqual(['RWS3106 0-5 invalid address `unix/`: missing the socket path | e.g. `unix//run/rws.sock`']);
  });

  it('formats addresses back to what it reads', () => {
    for (const text of ['127.0.0.1:2019', ':8080', '[::1]:2019', 'unix//run/rws.sock']) {
      expect(formatAddress(run(parseAddress, text).value!)).toBe(text);
    }
  });
});
