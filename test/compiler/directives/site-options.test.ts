import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, planOf, siteDiagnostics, siteOf, siteText } from './harness.ts';

const tlsSite = (body: string) => siteText(`${body}\nrespond "ok"`, { tls: true });

describe('tls', () => {
  it('reads the files and fingerprints both contents', () => {
    const listener = planOf(tlsSite('tls cert.pem key.pem')).listeners[0];
    const cert = readFileSync(join(FIXTURES, 'cert.pem'));
    const key = readFileSync(join(FIXTURES, 'key.pem'));
    expect(listener.tls?.certificates).toMatchObject([
      {
        certFile: join(FIXTURES, 'cert.pem'),
        keyFile: join(FIXTURES, 'key.pem'),
        fingerprint: createHash('sha256').update(cert).update(key).digest('hex'),
      },
    ]);
    expect(listener.tls?.policies.map((p) => p.minVersion)).toEqual(['TLSv1.2']);
  });

  it('sets the minimum version', () => {
    expect(planOf(tlsSite('tls cert.pem key.pem {\n\tmin_version tls1.3\n}')).listeners[0].tls?.policies[0].minVersion).toBe('TLSv1.3');
  });

  it('reports a missing file with its resolved path', () => {
    expect(siteDiagnostics('tls nope.pem key.pem\nrespond "ok"', { tls: true })).toContain(
      `RWS3260 error \`nope.pem\` cannot read the certificate file \`${join(FIXTURES, 'nope.pem')}\`: no such file | relative paths are relative to the folder of the Rwsfile`,
    );
  });

  it('reports a file that is not PEM', () => {
    expect(siteDiagnostics('tls garbage.pem key.pem\nrespond "ok"', { tls: true })).toContain(
      `RWS3261 error \`garbage.pem\` \`${join(FIXTURES, 'garbage.pem')}\` is not a PEM certificate: it has no \`-----BEGIN CERTIFICATE-----\` line | convert a DER file with \`openssl x509 -inform der -in file.der -out file.pem\``,
    );
  });

  it('notices swapped certificate and key', () => {
    const d = siteDiagnostics('tls key.pem cert.pem\nrespond "ok"', { tls: true });
    expect(d).toContain(
      `RWS3261 error \`key.pem\` \`${join(FIXTURES, 'key.pem')}\` is not a PEM certificate: it has no \`-----BEGIN CERTIFICATE-----\` line | this looks like the key file: are the certificate and key swapped?`,
    );
    expect(d).toContain(
      `RWS3261 error \`cert.pem\` \`${join(FIXTURES, 'cert.pem')}\` is not a PEM private key: it has no \`-----BEGIN PRIVATE KEY-----\` line | this looks like the certificate: are the certificate and key swapped?`,
    );
  });

  it('reports an encrypted key', () => {
    expect(siteDiagnostics('tls cert.pem encrypted-key.pem\nrespond "ok"', { tls: true })).toContain(
      `RWS3261 error \`encrypted-key.pem\` \`${join(FIXTURES, 'encrypted-key.pem')}\` is an encrypted private key | decrypt it: \`openssl pkey -in key.pem -out key-plain.pem\``,
    );
  });

  it('reports a key that does not belong to the certificate', () => {
    expect(siteDiagnostics('tls cert.pem other-key.pem\nrespond "ok"', { tls: true })).toContain(
      `RWS3262 error \`cert.pem other-key.pem\` the key \`${join(FIXTURES, 'other-key.pem')}\` does not belong to the certificate \`${join(FIXTURES, 'cert.pem')}\` | check that the two files were issued together (a renewed certificate comes with a new key)`,
    );
  });

  it('reports an unknown version', () => {
    expect(siteDiagnostics('tls cert.pem key.pem {\n\tmin_version tls1.1\n}\nrespond "ok"', { tls: true })).toContain(
      'RWS3113 error `tls1.1` unknown TLS version `tls1.1`: expected one of `tls1.2`, `tls1.3` | did you mean `tls1.2`?',
    );
  });
});

describe('log', () => {
  it('logs JSON to stdout without a block', () => {
    expect(siteOf('log\nrespond "ok"').accessLog).toMatchObject({ output: { kind: 'stdout' }, format: 'json' });
  });

  it('writes to a file relative to the Rwsfile, or stderr, or nowhere', () => {
    expect(siteOf('log {\n\toutput file logs/access.log\n\tformat console\n}\nrespond "ok"').accessLog).toMatchObject({
      output: { kind: 'file', path: join(FIXTURES, 'logs/access.log') },
      format: 'console',
    });
    expect(siteOf('log {\n\toutput stderr\n}\nrespond "ok"').accessLog?.output).toEqual({ kind: 'stderr' });
    expect(siteOf('log {\n\toutput discard\n}\nrespond "ok"').accessLog?.output).toEqual({ kind: 'discard' });
  });

  it('reports an unknown output and format', () => {
    expect(siteDiagnostics('log {\n\toutput stdot\n}')).toContain(
      'RWS3113 error `stdot` unknown log output `stdot`: expected one of `stdout`, `stderr`, `discard`, `file` | did you mean `stdout`?',
    );
    expect(siteDiagnostics('log {\n\tformat text\n}')).toContain('RWS3113 error `text` unknown log format `text`: expected one of `json`, `console`');
  });

  it('reports a file output without a path and a path on another output', () => {
    expect(siteDiagnostics('log {\n\toutput file\n}')).toContain('RWS3004 error `file` `output file` needs the path of the log file | e.g. `output file /var/log/rws/access.log`');
    expect(siteDiagnostics('log {\n\toutput stdout access.log\n}')).toContain(
      'RWS3003 error `access.log` `output stdout` takes no path | to log to a file write `output file access.log`',
    );
  });
});

describe('bind', () => {
  it('binds the site to each host', () => {
    const plan = planOf(siteText('bind 127.0.0.1 [::1]\nrespond "ok"'));
    expect(plan.listeners.map((l) => l.bind)).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: '::1', port: 8080 },
    ]);
  });

  it('reports a host with a port', () => {
    expect(siteDiagnostics('bind 127.0.0.1:8080')).toContain(
      'RWS3270 error `127.0.0.1:8080` invalid bind host `127.0.0.1:8080`: a bind host has no port | write `127.0.0.1`; the port comes from the site address',
    );
  });

  it('reports an invalid host', () => {
    expect(siteDiagnostics('bind 10.0.0.256')).toContain(
      'RWS3270 error `10.0.0.256` invalid bind host `10.0.0.256`: `10.0.0.256` is not a valid IPv4 address | e.g. `127.0.0.1`, `::1`, `0.0.0.0` or `localhost`',
    );
  });

  it('warns about a host listed twice', () => {
    expect(siteDiagnostics('bind ::1 [::1]\nrespond "ok"')).toEqual(['RWS3115 warning `[::1]` host `[::1]` is listed twice | remove this one']);
  });
});
