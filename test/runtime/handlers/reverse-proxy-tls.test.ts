import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Client, request } from 'undici';
import type { Plan } from '../../../runtime/plan/plan.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { planWith, type ProxyOptions, proxyPlan } from './fixtures/plan.ts';
import { eventually, startUpstream, type TestUpstream } from './fixtures/upstream.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';
import { listenerTls } from '../support/plan.ts';

let dir: string;
let upstream: https.Server;
let port: number;
const sniSeen: (string | undefined)[] = [];
const running: RunningRws[] = [];
const upstreams: TestUpstream[] = [];
const clients: Client[] = [];

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
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(running.map((r) => r.close()));
  await Promise.all(upstreams.map((u) => u.close()));
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

/** The same plan served over TLS with h2 offered first, so undici speaks HTTP/2 to rws. */
function overH2(plan: Plan): Plan {
  const listener = plan.listeners[0];
  return {
    ...plan,
    listeners: [
      {
        ...listener,
        key: 'https/127.0.0.1/0',
        tls: listenerTls([{ kind: 'files', names: ['localhost'], certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), fingerprint: 'test', origin: 'test' }], 0),
        sites: listener.sites.map((site) => ({ ...site, scheme: 'https' as const })),
      },
    ],
  };
}

async function h2Proxy(handler: http.RequestListener, overrides: ProxyOptions = {}) {
  const u = await startUpstream(handler);
  upstreams.push(u);
  const rws = await startRws(overH2(planWith([proxyPlan([u.url], overrides)])));
  running.push(rws);
  const client = new Client(`https://localhost:${rws.port}`, { allowH2: true });
  clients.push(client);
  return { u, rws, client };
}

test('HTTP/2 clients: :authority becomes Host and X-Forwarded-Host, pseudo headers stay behind', async () => {
  const { rws, client } = await h2Proxy((req, res) => res.end(JSON.stringify({ version: req.httpVersion, headers: req.headers })));
  const res = await client.request({ method: 'GET', path: '/h2?x=1', headers: { 'x-client': 'yes' } });
  // HTTP/1.1 answers from Node always carry Connection/Keep-Alive; HTTP/2 ones never do.
  expect(res.headers['connection']).toBeUndefined();
  expect(res.headers['keep-alive']).toBeUndefined();
  const seen = (await res.body.json()) as { version: string; headers: Record<string, string> };
  expect(seen.version).toBe('1.1');
  expect(seen.headers['host']).toBe(`localhost:${rws.port}`);
  expect(seen.headers['x-forwarded-host']).toBe(`localhost:${rws.port}`);
  expect(seen.headers['x-forwarded-proto']).toBe('https');
  expect(seen.headers['x-client']).toBe('yes');
  expect(Object.keys(seen.headers).filter((k) => k.startsWith(':'))).toEqual([]);
});

test('HTTP/2 clients: a request body streams upstream and back', async () => {
  const { client } = await h2Proxy((req, res) => req.pipe(res));
  const payload = randomBytes(1024 * 1024);
  const res = await client.request({ method: 'POST', path: '/echo', body: payload });
  const body = Buffer.from(await res.body.arrayBuffer());
  expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
});

test('HTTP/2 clients: resetting the stream aborts the upstream request', async () => {
  let closedUpstream!: () => void;
  const closed = new Promise<void>((resolve) => (closedUpstream = resolve));
  let arrived!: () => void;
  const gotIt = new Promise<void>((resolve) => (arrived = resolve));
  const { u, client } = await h2Proxy((_req, res) => {
    res.once('close', () => closedUpstream());
    arrived();
  });
  const controller = new AbortController();
  const pending = client.request({ method: 'GET', path: '/hang', signal: controller.signal }).catch((err: unknown) => err);
  await gotIt;
  controller.abort();
  await pending;
  await closed;
  expect(await eventually(() => u.sockets.size === 0)).toBe(true);
});
