import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { request } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { planWith, proxyPlan } from './fixtures/plan.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';

let dir: string;
let upstream: https.Server;
let port: number;
const sniSeen: (string | undefined)[] = [];
const running: RunningRws[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rws-proxy-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  // This test file runs in its own worker process: trusting the test CA here touches no other test.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert]);
  upstream = https.createServer({
    cert,
    key,
    SNICallback: (name, cb) => {
      sniSeen.push(name);
      cb(null, tls.createSecureContext({ cert, key }));
    },
  }, (req, res) => res.end(`tls upstream saw host ${req.headers.host}`));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  port = (upstream.address() as AddressInfo).port;
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test('an https upstream gets the upstream host as SNI (not the client Host) and a verified connection', async () => {
  // Should "localhost" resolve to ::1 first, undici's happy-eyeballs dialing falls back to 127.0.0.1.
  const rws = await startRws(planWith([proxyPlan([`https://localhost:${port}`])]));
  running.push(rws);
  const res = await request(`${rws.url}/`, { headers: { host: 'site.example' } });
  expect(await res.body.text()).toBe('tls upstream saw host site.example');
  expect(res.statusCode).toBe(200);
  expect(sniSeen).toEqual(['localhost']);
});
