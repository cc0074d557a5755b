import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerTlsPlan, TlsPolicyPlan } from '../../runtime/plan/plan.ts';
import { type CertFiles, certDir, certificatePlan, removeCerts, selfSigned } from './support/certs.ts';
import { httpsListener, listenerTls, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';
import { closeUpstreams, gate, proxyTo, upstream } from './support/upstream.ts';

let dir: string;
let a: CertFiles;
let wild: CertFiles;
let fallback: CertFiles;

beforeAll(() => {
  dir = certDir();
  a = selfSigned(dir, 'a', ['a.test']);
  wild = selfSigned(dir, 'wild', ['*.w.test']);
  fallback = selfSigned(dir, 'default', ['default.test']);
});
afterAll(() => removeCerts(dir));
afterEach(async () => {
  await stopAll();
  await closeUpstreams();
});

function tlsPlan(policy: Partial<TlsPolicyPlan> = {}, defaultCertificate: number | null = 2): ListenerTlsPlan {
  return listenerTls([certificatePlan(['a.test'], a), certificatePlan(['*.w.test'], wild), certificatePlan(['default.test'], fallback)], defaultCertificate, policy);
}

function serve(tls: ListenerTlsPlan): Promise<Running> {
  const body = respond(['proto=', { ph: 'request', field: 'proto' }, ' scheme=', { ph: 'request', field: 'scheme' }]);
  return start(plan({ listeners: [httpsListener([site('tls', [route([body])], { scheme: 'https' })], tls)] }));
}

interface Handshake {
  readonly cn: string | null;
  readonly alpn: string | false | null;
  readonly error: string | null;
}

function handshake(port: number, options: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
      const cn = socket.getPeerCertificate().subject?.CN ?? null;
      resolve({ cn: typeof cn === 'string' ? cn : null, alpn: socket.alpnProtocol ?? null, error: null });
      socket.end();
    });
    socket.on('error', (err) => resolve({ cn: null, alpn: null, error: err.message }));
  });
}

describe('TLS', () => {
  it('chooses the certificate by SNI: exact, then wildcard, then the default', async () => {
    const rws = await serve(tlsPlan());
    expect((await handshake(rws.port(), { servername: 'a.test' })).cn).toBe('a.test');
    expect((await handshake(rws.port(), { servername: 'A.Test' })).cn).toBe('a.test');
    expect((await handshake(rws.port(), { servername: 'x.w.test' })).cn).toBe('*.w.test');
    expect((await handshake(rws.port(), { servername: 'y.x.w.test' })).cn).toBe('default.test');
    expect((await handshake(rws.port(), { servername: 'other.test' })).cn).toBe('default.test');
    expect((await handshake(rws.port(), {})).cn).toBe('default.test');
  });

  it('refuses the handshake for unknown names and missing SNI when there is no default', async () => {
    const rws = await serve(tlsPlan({}, null));
    expect((await handshake(rws.port(), { servername: 'a.test' })).cn).toBe('a.test');
    expect((await handshake(rws.port(), { servername: 'other.test' })).error).not.toBeNull();
    expect((await handshake(rws.port(), {})).error).not.toBeNull();
    expect((await handshake(rws.port(), { servername: 'a.test' })).cn).toBe('a.test');
  });

  it('negotiates h2 by ALPN and serves HTTP/2 and HTTP/1.1 on one port', async () => {
    const rws = await serve(tlsPlan());
    expect((await handshake(rws.port(), { servername: 'a.test', ALPNProtocols: ['h2', 'http/1.1'] })).alpn).toBe('h2');
    const h2 = new Client(`https://127.0.0.1:${rws.port()}`, { allowH2: true, connect: { rejectUnauthorized: false, servername: 'a.test' } });
    const h1 = new Client(`https://127.0.0.1:${rws.port()}`, { allowH2: false, connect: { rejectUnauthorized: false, servername: 'a.test' } });
    try {
      const r2 = await h2.request({ path: '/', method: 'GET', headers: { host: 'a.test' } });
      expect(await r2.body.text()).toBe('proto=http/2 scheme=https');
      const r1 = await h1.request({ path: '/', method: 'GET' });
      expect(await r1.body.text()).toBe('proto=http/1.1 scheme=https');
    } finally {
      await h2.close();
      await h1.close();
    }
  });

  it('offers only the plan\'s ALPN protocols', async () => {
    const rws = await serve(tlsPlan({ alpn: ['http/1.1'] }));
    expect((await handshake(rws.port(), { servername: 'a.test', ALPNProtocols: ['h2', 'http/1.1'] })).alpn).toBe('http/1.1');
  });

  it('enforces the minimum version and refuses weak TLS 1.2 suites (CCM8)', async () => {
    const tls13 = await serve(tlsPlan({ minVersion: 'TLSv1.3' }));
    expect((await handshake(tls13.port(), { servername: 'a.test', maxVersion: 'TLSv1.2' })).error).not.toBeNull();
    expect((await handshake(tls13.port(), { servername: 'a.test' })).cn).toBe('a.test');
    await stopAll();
    const tls12 = await serve(tlsPlan());
    expect((await handshake(tls12.port(), { servername: 'a.test', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-CCM8' })).error).not.toBeNull();
    expect((await handshake(tls12.port(), { servername: 'a.test', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).cn).toBe('a.test');
  });

  it('HTTP/2: HEAD and errors go through the same pipeline', async () => {
    const rws = await start(
      plan({
        matchers: [{ kind: 'path', patterns: [{ kind: 'exact', value: '/teapot' }] }],
        listeners: [httpsListener([site('tls', [route([{ kind: 'error', status: 418, message: ['short and stout'] }], [0]), route([respond('body!')])], { scheme: 'https' })], tlsPlan())],
      }),
    );
    const h2 = new Client(`https://127.0.0.1:${rws.port()}`, { allowH2: true, connect: { rejectUnauthorized: false, servername: 'a.test' } });
    try {
      const head = await h2.request({ path: '/', method: 'HEAD' });
      expect(head.headers['content-length']).toBe('5');
      expect(await head.body.text()).toBe('');
      const teapot = await h2.request({ path: '/teapot', method: 'GET' });
      expect(teapot.statusCode).toBe(418);
      expect(await teapot.body.text()).toMatch(/^418 I'm a Teapot\nshort and stout\nrequest id: /);
    } finally {
      await h2.close();
    }
  });

  it('HTTP/2: shutdown lets a stream in flight finish (GOAWAY), then closes the session', async () => {
    const held = gate();
    let arrived: () => void = () => {};
    const atUpstream = new Promise<void>((resolve) => (arrived = resolve));
    const up = await upstream((_req, res) => {
      arrived();
      void held.wait.then(() => res.end('late'));
    });
    const rws = await start(plan({ listeners: [httpsListener([site('tls', [route([proxyTo(up.url)])], { scheme: 'https' })], tlsPlan())] }));
    const h2 = new Client(`https://127.0.0.1:${rws.port()}`, { allowH2: true, connect: { rejectUnauthorized: false, servername: 'a.test' } });
    try {
      const inflight = h2.request({ path: '/', method: 'GET' });
      await atUpstream;
      const stopping = rws.server.shutdown(30_000);
      held.open();
      const res = await inflight;
      expect(await res.body.text()).toBe('late');
      await stopping;
    } finally {
      await h2.close();
    }
  });
});
