/**
 * Upstream transports: HTTPS with a custom trust pool, SNI name and client certificate (mTLS), verification
 * on unless skip-verify is asked for; HTTP/2 over TLS (ALPN, falling back to HTTP/1.1) and h2c upstreams
 * (node:http2 servers). Certificates are made with openssl; rws is compiled from an Rwsfile.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { deferCleanup, runCleanups } from '../runtime/handlers/fixtures/cleanups.ts';
import { certDir, type CertFiles, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { serveRwsfile } from './support.ts';

afterEach(runCleanups);

let dir = '';
let server: CertFiles;
let client: CertFiles;
beforeAll(() => {
  dir = certDir();
  server = selfSigned(dir, 'upstream', ['upstream.test']);
  client = selfSigned(dir, 'client', ['client.test']);
});
afterAll(() => removeCerts(dir));

interface Seen {
  servername: string | false | null | undefined;
  clientCn: string | string[] | undefined;
  version: string;
}

type Listening = { close(cb: () => void): unknown; address(): AddressInfo | string | null };

async function listen<S extends Listening & { listen(port: number, host: string, cb: () => void): unknown }>(s: S): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

/** An HTTPS (HTTP/1.1) upstream with the upstream.test certificate; `mtls` requires the client certificate. */
async function httpsUpstream(mtls = false): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = https.createServer(
    { cert: readFileSync(server.certFile), key: readFileSync(server.keyFile), ...(mtls ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(client.certFile) } : {}) },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      seen.push({ servername: socket.servername, clientCn: peer?.subject?.CN, version: req.httpVersion });
      res.end(`hello over ${req.httpVersion}`);
    },
  );
  const port = await listen(s);
  deferCleanup(() => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  }));
  return { port, seen };
}

function site(upstream: string, transport: string): string {
  return `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${upstream} {\n    transport http {\n${transport}\n    }\n  }\n}\n`;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url);
  return { status: res.statusCode, body: await res.body.text() };
}

describe('HTTPS upstreams', () => {
  test('a custom trust pool and SNI name: verified, and the name is sent', async () => {
    const up = await httpsUpstream();
    const rws = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, `      tls_trust_pool file ${server.certFile}\n      tls_server_name upstream.test`));
    expect(await get(`${rws.url}/`)).toEqual({ status: 200, body: 'hello over 1.1' });
    expect(up.seen[0].servername).toBe('upstream.test');
  });

  test('verification is on by default: an untrusted certificate is a 502', async () => {
    const up = await httpsUpstream();
    const rws = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, '      tls_server_name upstream.test'));
    expect((await get(`${rws.url}/`)).status).toBe(502);
    expect(up.seen).toEqual([]);
  });

  test('the certificate must match the name: a trusted certificate for another name is a 502', async () => {
    const up = await httpsUpstream();
    const rws = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, `      tls_trust_pool file ${server.certFile}\n      tls_server_name other.test`));
    expect((await get(`${rws.url}/`)).status).toBe(502);
  });

  test('tls_insecure_skip_verify: accepted without a trust pool', async () => {
    const up = await httpsUpstream();
    const rws = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, '      tls_insecure_skip_verify'));
    expect(await get(`${rws.url}/`)).toEqual({ status: 200, body: 'hello over 1.1' });
  });

  test('tls_client_auth: the upstream that requires a client certificate gets it; without it, 502', async () => {
    const up = await httpsUpstream(true);
    const trust = `      tls_trust_pool file ${server.certFile}\n      tls_server_name upstream.test`;
    const withCert = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, `${trust}\n      tls_client_auth ${client.certFile} ${client.keyFile}`));
    expect((await get(`${withCert.url}/`)).status).toBe(200);
    expect(up.seen[0].clientCn).toBe('client.test');
    const without = await serveRwsfile(site(`https://127.0.0.1:${up.port}`, trust));
    expect((await get(`${without.url}/`)).status).toBe(502);
    expect(up.seen).toHaveLength(1);
  });

  test('`tls` dials bare host:port upstreams with TLS', async () => {
    const up = await httpsUpstream();
    const rws = await serveRwsfile(site(`127.0.0.1:${up.port}`, `      tls\n      tls_trust_pool file ${server.certFile}\n      tls_server_name upstream.test`));
    expect(await get(`${rws.url}/`)).toEqual({ status: 200, body: 'hello over 1.1' });
  });
});

describe('HTTP/2 upstreams', () => {
  test('versions 2 1.1: HTTP/2 by ALPN with an h2 upstream, HTTP/1.1 with one that only speaks 1.1', async () => {
    const seen: string[] = [];
    const h2 = http2.createSecureServer({ cert: readFileSync(server.certFile), key: readFileSync(server.keyFile), allowHTTP1: true }, (req, res) => {
      seen.push(req.httpVersion);
      res.end(`hello over ${req.httpVersion}`);
    });
    const h2port = await listen(h2);
    deferCleanup(() => new Promise<void>((resolve) => h2.close(() => resolve())));
    const transport = `      versions 2 1.1\n      tls_trust_pool file ${server.certFile}\n      tls_server_name upstream.test`;
    const rws = await serveRwsfile(site(`https://127.0.0.1:${h2port}`, transport));
    expect(await get(`${rws.url}/a`)).toEqual({ status: 200, body: 'hello over 2.0' });
    expect(await get(`${rws.url}/b`)).toEqual({ status: 200, body: 'hello over 2.0' });

    const h1 = await httpsUpstream();
    const fallback = await serveRwsfile(site(`https://127.0.0.1:${h1.port}`, transport));
    expect(await get(`${fallback.url}/`)).toEqual({ status: 200, body: 'hello over 1.1' });
  });

  test('versions h2c: HTTP/2 without TLS, streaming and trailers included', async () => {
    const h2c = http2.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(`hello over ${req.httpVersion}`);
      res.addTrailers({ 'grpc-status': '0' });
      res.end();
    });
    const port = await listen(h2c);
    deferCleanup(() => new Promise<void>((resolve) => h2c.close(() => resolve())));
    const rws = await serveRwsfile(site(`127.0.0.1:${port}`, '      versions h2c'));
    const res = await request(`${rws.url}/`);
    expect(await res.body.text()).toBe('hello over 2.0');
    expect(res.trailers['grpc-status']).toBe('0');
  });
});

describe('compile-time checks', () => {
  const diagnostics = (transport: string, upstream = 'https://127.0.0.1:9443'): string[] =>
    compile({ path: `${dir}/Rwsfile`, text: site(upstream, transport), env: {} }).diagnostics.map((d) => `${d.code} ${d.message}`);

  test('protocol and scheme must fit; TLS settings for plain upstreams warn; files are checked', () => {
    expect(diagnostics('      versions h2c')).toEqual(['RWS3501 h2c is HTTP/2 without TLS, but `https://127.0.0.1:9443` is an https:// upstream']);
    expect(diagnostics('      versions 2 1.1', '127.0.0.1:8080')).toEqual(['RWS3501 HTTP/2 by ALPN needs TLS, but an upstream is plain http://']);
    expect(diagnostics('      tls_server_name a.test', '127.0.0.1:8080')).toEqual(['RWS3502 TLS settings have no effect: every upstream is plain http://']);
    expect(diagnostics(`      tls_trust_pool file ${dir}/missing.pem`)).toEqual([`RWS3260 cannot read the CA bundle \`${dir}/missing.pem\`: no such file`]);
    expect(diagnostics(`      tls_trust_pool file ${server.keyFile}`)).toEqual([`RWS3261 \`${server.keyFile}\` holds no PEM certificate`]);
    expect(diagnostics(`      tls_client_auth ${client.certFile} ${server.keyFile}`)[0]).toMatch(/^RWS3262 /);
    expect(diagnostics('      proxy_protocol v3')[0]).toMatch(/^RWS3113 /);
  });

  test('a rotated CA file changes the plan hash', () => {
    const ca = `${dir}/rotating-ca.pem`;
    const text = site('https://127.0.0.1:9443', `      tls_trust_pool file ${ca}`);
    const hash = (): string => compile({ path: `${dir}/Rwsfile`, text, env: {} }).plan!.hash;
    copyFileSync(server.certFile, ca);
    const before = hash();
    expect(hash()).toBe(before);
    copyFileSync(client.certFile, ca);
    expect(hash()).not.toBe(before);
  });
});
