/**
 * Response trailers through reverse_proxy: an upstream's trailer fields (after a chunked body) reach an
 * HTTP/1.1 client in the chunked trailer section and an HTTP/2 client as trailing HEADERS; fields that
 * never belong in a trailer section (Content-Type, Host…) are dropped.
 */
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { certDir, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

/** An upstream answering a chunked body (`parts` written one by one) followed by trailers. */
async function trailing(parts: string[], trailers: Record<string, string>) {
  return trackedUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', trailer: Object.keys(trailers).join(', ') });
    for (const p of parts) res.write(p);
    res.addTrailers(trailers);
    res.end();
  });
}

function rawGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTE: trailers\r\nConnection: close\r\n\r\n');
  });
}

const site = (upstream: string) => `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${hostPort(upstream)}\n}\n`;

describe('response trailers', () => {
  test('reach an HTTP/1.1 client after the chunked body', async () => {
    const u = await trailing(['hello ', 'world'], { 'x-checksum': 'abc123', 'grpc-status': '0' });
    const rws = await serveRwsfile(site(u.url));
    const text = await rawGet(rws.port);
    expect(text).toMatch(/transfer-encoding: chunked/i);
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(body).toMatch(/hello /);
    expect(body).toMatch(/\r\n0\r\n(?:[^]*\r\n)?x-checksum: abc123\r\n/i);
    expect(body).toMatch(/grpc-status: 0\r\n/i);
  });

  test('a body small enough to arrive in one read still carries its trailers', async () => {
    const u = await trailing(['tiny'], { 'x-checksum': 'small' });
    const rws = await serveRwsfile(site(u.url));
    const text = await rawGet(rws.port);
    expect(text).toMatch(/\r\n4\r\ntiny\r\n0\r\nx-checksum: small\r\n\r\n$/i);
  });

  test('fields that describe the message are dropped from the trailer section', async () => {
    const u = await trailing(['x'], { 'x-ok': '1', 'content-type': 'text/evil', host: 'evil.example' });
    const rws = await serveRwsfile(site(u.url));
    const text = await rawGet(rws.port);
    const trailerSection = text.slice(text.lastIndexOf('\r\n0\r\n'));
    expect(trailerSection).toMatch(/x-ok: 1/i);
    expect(trailerSection).not.toMatch(/content-type|host/i);
  });

  describe('to an HTTP/2 client', () => {
    let dir = '';
    beforeAll(() => {
      dir = certDir();
    });
    afterAll(() => removeCerts(dir));

    test('arrive as trailing HEADERS', async () => {
      const u = await trailing(['hello'], { 'grpc-status': '0', 'grpc-message': 'fine' });
      const files = selfSigned(dir, 'localhost', ['localhost']);
      const rws = await serveRwsfile(
        `{\n  admin off\n}\nhttps://localhost:0 {\n  tls ${files.certFile} ${files.keyFile}\n  reverse_proxy ${hostPort(u.url)}\n}\n`,
      );
      const session = http2.connect(`https://localhost:${rws.port}`, { rejectUnauthorized: false });
      deferCleanup(async () => {
        session.destroy();
      });
      const stream = session.request({ ':path': '/', te: 'trailers' });
      let body = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (body += c));
      const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        stream.on('trailers', resolve);
        stream.on('error', reject);
        stream.on('end', () => reject(new Error(`ended without trailers (body ${JSON.stringify(body)})`)));
      });
      expect(trailers['grpc-status']).toBe('0');
      expect(trailers['grpc-message']).toBe('fine');
      await new Promise((resolve) => stream.on('close', resolve));
      expect(body).toBe('hello');
    });
  });
});
