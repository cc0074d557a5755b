import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChallengeStore } from '../../runtime/tls/challenge/challenge-store.ts';
import { AcmeIssuer } from '../../runtime/tls/issuer/acme-issuer.ts';
import { ariCertId } from '../../runtime/tls/renewal/renewal-info.ts';
import { renewalTime, retryDelay } from '../../runtime/tls/renewal/renewal-time.ts';
import { FileStorage } from '../../runtime/tls/storage/file-storage.ts';

// When to renew: a fraction of the lifetime, or the CA's ACME Renewal Information (RFC 9773), fetched from the
// directory's renewalInfo URL with the certificate ID. Pebble 2.4 has no ARI: a small HTTP fixture plays the CA.
const DAY = 24 * 3600_000;
let server: Server;
let base: string;
const requested: string[] = [];
let leafPem: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rws-ari-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ARI test CA', '-days', '2']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=a.example.com']);
  writeFileSync(join(dir, 'ext'), 'subjectAltName=DNS:a.example.com\nauthorityKeyIdentifier=keyid\n');
  // A serial with its top bit set: its DER encoding needs a leading zero byte.
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x87654321abcdef', '-out', 'leaf.pem', '-days', '1', '-extfile', 'ext']);
  leafPem = execFileSync('cat', [join(dir, 'leaf.pem')]).toString();
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    if (req.url === '/dir') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ newNonce: `${base}/nonce`, renewalInfo: `${base}/ari/` }));
    } else if (req.url?.startsWith('/ari/')) {
      res.setHeader('retry-after', '21600');
      res.end(JSON.stringify({ suggestedWindow: { start: '2030-01-02T00:00:00Z', end: '2030-01-03T00:00:00Z' } }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('renewal time', () => {
  it('renews when the configured fraction of the lifetime is left, without ARI', () => {
    expect(renewalTime({ notBefore: 0, notAfter: 90 * DAY }, 1 / 3, null)).toBe(60 * DAY);
  });

  it('picks a moment inside the suggested window when the CA gives one', () => {
    const window = { start: 1000, end: 2000, retryAfter: 0 };
    expect(renewalTime({ notBefore: 0, notAfter: 90 * DAY }, 1 / 3, window, () => 0)).toBe(1000);
    expect(renewalTime({ notBefore: 0, notAfter: 90 * DAY }, 1 / 3, window, () => 0.5)).toBe(1500);
  });

  it('backs off exponentially with jitter, within what is left', () => {
    const cert = { notBefore: 0, notAfter: 90 * DAY };
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelay(n, cert, 30 * DAY, mid))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelay(30, cert, 30 * DAY, mid)).toBe(3_600_000);
    // Ten minutes left: never wait more than a quarter of it.
    expect(retryDelay(30, cert, 90 * DAY - 600_000, mid)).toBe(150_000);
    expect(retryDelay(1, cert, 0, () => 0)).toBe(30_000);
    expect(retryDelay(1, cert, 0, () => 0.999)).toBeLessThan(90_000);
    expect(retryDelay(1, null, 0, mid)).toBe(5_000);
  });
});

describe('ACME Renewal Information', () => {
  it('builds the certificate ID from the authority key id and the DER serial', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'authorityKeyIdentifier'], { input: leafPem }).toString();
    const keyId = /([0-9A-F]{2}(?::[0-9A-F]{2})+)/.exec(text)![1].replaceAll(':', '');
    expect(new X509Certificate(leafPem).serialNumber.toLowerCase()).toBe('87654321abcdef');
    expect(ariCertId(leafPem)).toBe(`${Buffer.from(keyId, 'hex').toString('base64url')}.${Buffer.from('0087654321abcdef', 'hex').toString('base64url')}`);
  });

  it('fetches the suggested window from the directory renewalInfo URL', async () => {
    const storage = new FileStorage(mkdtempSync(join(tmpdir(), 'rws-ari-store-')));
    const issuer = new AcmeIssuer({ directory: `${base}/dir`, email: null, caRootFile: null, eab: null, challenges: ['http-01'], dns: null }, storage, new ChallengeStore());
    const before = Date.now();
    const window = await issuer.suggestedWindow(leafPem, new AbortController().signal);
    expect(window).toMatchObject({ start: Date.parse('2030-01-02T00:00:00Z'), end: Date.parse('2030-01-03T00:00:00Z') });
    expect(window!.retryAfter).toBeGreaterThanOrEqual(before + 21_600_000);
    expect(requested).toEqual(['/dir', `/ari/${ariCertId(leafPem)}`]);
    await storage.close();
  });
});
