import { describe, expect, it } from 'vitest';
import { globalDiagnostics, globalOf, planOf } from './harness.ts';

describe('admin', () => {
  it('listens on a loopback address or a unix socket, or is off', () => {
    expect(globalOf('admin 127.0.0.1:2020').admin?.address).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2020 });
    expect(globalOf('admin [::1]:2019').admin?.address).toEqual({ kind: 'tcp', host: '::1', port: 2019 });
    expect(globalOf('admin localhost:2019').admin?.address).toEqual({ kind: 'tcp', host: 'localhost', port: 2019 });
    expect(globalOf('admin unix//run/rws.sock').admin?.address).toEqual({ kind: 'unix', path: '/run/rws.sock' });
    expect(globalOf('admin off').admin).toBeNull();
  });

  it('refuses an address that is not loopback', () => {
    const hint = 'the admin endpoint can reload the server; keep it on 127.0.0.1, ::1 or a unix socket';
    expect(globalDiagnostics('admin 0.0.0.0:2019')).toEqual([
      `RWS3901 error \`0.0.0.0:2019\` the admin endpoint must listen on a loopback address or a unix socket, not \`0.0.0.0\` | ${hint}`,
    ]);
    expect(globalDiagnostics('admin :2019')).toEqual([`RWS3901 error \`:2019\` the admin endpoint must listen on a loopback address or a unix socket, not every interface | ${hint}`]);
  });

  it('reports an invalid address', () => {
    expect(globalDiagnostics('admin localhost')).toEqual(['RWS3106 error `localhost` invalid address `localhost`: missing the port | add a port, e.g. `localhost:2019`']);
  });
});

describe('metrics', () => {
  it('serves /metrics by default, or the path given', () => {
    expect(globalOf('metrics 127.0.0.1:9100').metrics).toMatchObject({ address: { kind: 'tcp', host: '127.0.0.1', port: 9100 }, path: '/metrics' });
    expect(globalOf('metrics :9100 /internal/metrics').metrics).toMatchObject({ address: { kind: 'tcp', host: '', port: 9100 }, path: '/internal/metrics' });
  });

  it('reports a path that is not absolute', () => {
    expect(globalDiagnostics('metrics :9100 metrics')).toEqual(['RWS3902 error `metrics` invalid metrics path `metrics`: expected an absolute path such as `/metrics` | write `/metrics`']);
  });
});

describe('grace_period and log_level', () => {
  it('set the shutdown grace period and the process log level', () => {
    expect(globalOf('grace_period 1m30s').gracePeriodMs).toBe(90_000);
    expect(globalOf('log_level debug').logLevel).toBe('debug');
  });

  it('report invalid values', () => {
    expect(globalDiagnostics('grace_period 30')).toEqual([
      'RWS3101 error `30` invalid duration `30`: missing a unit | write `30s` for seconds or `30ms` for milliseconds (units: ms, s, m, h, d)',
    ]);
    expect(globalDiagnostics('log_level warning')).toEqual([
      'RWS3113 error `warning` unknown log level `warning`: expected one of `debug`, `info`, `warn`, `error` | did you mean `warn`?',
    ]);
  });
});

describe('limits', () => {
  it('overrides only the limits written', () => {
    const defaults = globalOf('grace_period 1s').limits;
    expect(globalOf('limits {\n\tmax_header_size 32KiB\n\tmax_body_size 10MB\n}').limits).toEqual({ ...defaults, maxHeaderBytes: 32_768, maxBodyBytes: 10_000_000 });
    expect(globalOf('limits {\n\theader_timeout 5s\n\trequest_timeout 0\n\tidle_timeout 2m\n}').limits).toEqual({
      ...defaults,
      headerTimeoutMs: 5000,
      requestTimeoutMs: 0,
      idleTimeoutMs: 120_000,
    });
  });

  it('reports invalid values', () => {
    expect(globalDiagnostics('limits {\n\tmax_header_size 16k\n\tidle_timeout forever\n}')).toEqual([
      'RWS3102 error `k` invalid size `16k`: unknown unit `k` | `k` is ambiguous: write `KB` (×1000) or `KiB` (×1024)',
      'RWS3101 error `forever` invalid duration `forever` | write a number with a unit, e.g. `500ms`, `10s` or `1m30s`',
    ]);
  });
});

describe('http_port, https_port and default_bind', () => {
  it('give sites without a port or bind their port and hosts', () => {
    const plan = planOf('{\n\thttp_port 8081\n\tdefault_bind 127.0.0.1\n}\nhttp://example.com {\n\trespond "ok"\n}\n');
    expect(plan.listeners.map((l) => l.bind)).toEqual([{ host: '127.0.0.1', port: 8081 }]);
  });

  it('https_port is the port of https sites without one', () => {
    const plan = planOf('{\n\thttps_port 8443\n}\nhttps://localhost {\n\ttls cert.pem key.pem\n\trespond "ok"\n}\n');
    expect(plan.listeners.map((l) => l.key)).toContain('https//8443');
  });

  it('report invalid values', () => {
    expect(globalDiagnostics('http_port 80800')).toEqual(['RWS3105 error `80800` invalid port `80800`: must be between 0 and 65535 | e.g. `8080`']);
    expect(globalDiagnostics('default_bind localhost:80')).toEqual([
      'RWS3270 error `localhost:80` invalid bind host `localhost:80`: a bind host has no port | write `localhost`; the port comes from the site address',
    ]);
  });
});
