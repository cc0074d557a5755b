import { describe, expect, it } from 'vitest';
import type { CertificatePlan, ListenerPlan } from '../../runtime/plan/plan.ts';
import { codes, compileText } from '../compiler/pipeline/helpers.ts';

// Which addresses become https, which issuer each name gets, and what the certificate settings compile to.
function listeners(text: string): ListenerPlan[] {
  const r = compileText(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return [...r.plan!.listeners];
}

function certificates(text: string): CertificatePlan[] {
  return listeners(text).flatMap((l) => l.tls?.certificates ?? []);
}

describe('automatic HTTPS', () => {
  it('makes named sites without a port https, and leaves explicit http, other ports and catch-alls alone', () => {
    const keys = listeners('a.example.com {\n\trespond 1\n}\nhttp://b.example.com {\n\trespond 2\n}\nc.example.com:8080 {\n\trespond 3\n}\n:9090 {\n\trespond 4\n}\n').map((l) => l.key);
    expect(keys).toEqual(['https//443', 'http//80', 'http//8080', 'http//9090']);
    expect(listeners('{\n\thttps_port 8443\n}\na.example.com:8443 {\n\trespond 1\n}\n').map((l) => l.key)).toEqual(['https//8443', 'http//80']);
  });

  it('goes to ACME for public names and to the local CA for local ones', () => {
    const certs = certificates('a.example.com, app.localhost, printer.local, 10.0.0.5 {\n\trespond 1\n}\n');
    expect(certs.map((c) => [c.kind, c.names])).toEqual([
      ['acme', ['a.example.com']],
      ['internal', ['app.localhost', 'printer.local', '10.0.0.5']],
    ]);
  });

  it('applies the global ACME settings and the site overrides', () => {
    const [cert] = certificates(
      '{\n\temail ops@example.com\n\tacme_ca https://ca.internal/dir\n\tacme_eab kid-1 c2VjcmV0\n\tstorage file /var/lib/rws\n\trenew_window 0.5\n}\na.example.com {\n\ttls admin@example.com {\n\t\tchallenges tls-alpn-01\n\t}\n\trespond 1\n}\n',
    );
    expect(cert).toMatchObject({
      kind: 'acme',
      names: ['a.example.com'],
      storage: { kind: 'file', dir: '/var/lib/rws' },
      renewWhenLeft: 0.5,
      onDemand: null,
      issuer: { directory: 'https://ca.internal/dir', email: 'admin@example.com', eab: { keyId: 'kid-1', macKey: 'c2VjcmV0' }, challenges: ['tls-alpn-01'], dns: null },
    });
  });

  it('honours local_certs, tls internal and auto_https off', () => {
    expect(certificates('{\n\tlocal_certs\n}\na.example.com {\n\trespond 1\n}\n').map((c) => c.kind)).toEqual(['internal']);
    expect(certificates('a.example.com {\n\ttls internal\n\trespond 1\n}\n').map((c) => c.kind)).toEqual(['internal']);
    expect(listeners('{\n\tauto_https off\n}\na.example.com {\n\trespond 1\n}\n').map((l) => l.key)).toEqual(['http//80']);
  });

  it('compiles on-demand catch-all sites with the global gate, preferring TLS-ALPN-01', () => {
    const [cert] = certificates('{\n\ton_demand_tls {\n\t\task http://127.0.0.1:5555/ok\n\t\tinterval 10s\n\t\tburst 3\n\t}\n}\nhttps:// {\n\ttls {\n\t\ton_demand\n\t}\n\trespond 1\n}\n');
    expect(cert).toMatchObject({ kind: 'acme', names: [], onDemand: { ask: 'http://127.0.0.1:5555/ok', intervalMs: 10_000, burst: 3 } });
    expect(cert.kind === 'acme' && cert.issuer.challenges).toEqual(['tls-alpn-01', 'http-01']);
  });
});

describe('certificate diagnostics', () => {
  it('requires a DNS hook for ACME wildcard names', () => {
    expect(codes(compileText('*.example.com {\n\trespond 1\n}\n'))).toEqual(['RWS3602@1:1']);
    expect(codes(compileText('{\n\tacme_dns exec /bin/true\n}\n*.example.com {\n\trespond 1\n}\n'))).toEqual([]);
    expect(codes(compileText('*.example.com {\n\ttls internal\n\trespond 1\n}\n'))).toEqual([]);
  });

  it('reports bad emails, tls arguments, EAB keys, renewal windows and on-demand without ask', () => {
    expect(codes(compileText('{\n\temail nobody\n}\n'))).toEqual(['RWS3601@2:8']);
    expect(codes(compileText('a.example.com {\n\ttls cert.pem\n\trespond 1\n}\n'))).toEqual(['RWS3604@2:6']);
    expect(codes(compileText('{\n\tacme_eab kid not+base64url\n}\n'))).toEqual(['RWS3605@2:15']);
    expect(codes(compileText('{\n\trenew_window 1.5\n}\n'))).toEqual(['RWS3606@2:15']);
    expect(codes(compileText('https:// {\n\ttls {\n\t\ton_demand\n\t}\n\trespond 1\n}\n'))).toEqual(['RWS3603@2:2']);
    expect(codes(compileText('https:// {\n\trespond 1\n}\n'))).toEqual(['RWS5003@1:1']);
  });
});

describe('one certificate setting per site', () => {
  it('reports two `tls` lines in one site, whatever their forms', () => {
    expect(codes(compileText('a.example.com {\n\ttls internal\n\ttls ops@example.com\n\trespond 1\n}\n'))).toEqual(['RWS3009@3:2']);
  });
});
