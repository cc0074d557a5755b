/**
 * PROXY protocol v1/v2 towards upstreams: a raw upstream reads the header at the start of each connection,
 * then serves HTTP on the rest and answers with the client address the header named. Upstream connections
 * are private to a client connection: reused for its keep-alive requests, never for another client's.
 */
import { once } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups } from '../runtime/handlers/fixtures/cleanups.ts';
import { certDir, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { serveRwsfile } from './support.ts';

afterEach(runCleanups);

interface Header {
  readonly text: string;
}

/** Parses a v1 line or a v2 binary header; returns it with the bytes after it, or null if incomplete. */
function parseHeader(buf: Buffer): { header: Header; rest: Buffer } | null {
  if (buf.subarray(0, 6).toString('latin1') === 'PROXY ') {
    const end = buf.indexOf('\r\n');
    return end === -1 ? null : { header: { text: buf.subarray(0, end).toString('latin1') }, rest: buf.subarray(end + 2) };
  }
  if (buf.length < 16) return null;
  const length = buf.readUInt16BE(14);
  if (buf.length < 16 + length) return null;
  const family = buf[13];
  let text = `v2 cmd=${buf[12] & 0x0f}`;
  if (family === 0x11) {
    const ip = (o: number) => [...buf.subarray(o, o + 4)].join('.');
    text += ` TCP4 ${ip(16)} ${ip(20)} ${buf.readUInt16BE(24)} ${buf.readUInt16BE(26)}`;
  } else if (family === 0x21) {
    text += ` TCP6 len=${length}`;
  }
  return { header: { text }, rest: buf.subarray(16 + length) };
}

/** An upstream that requires a PROXY header; answers `<header> | conn=<n>` (n = its connection number). */
async function proxyProtocolUpstream(): Promise<{ port: number; connections: () => number }> {
  const headers = new WeakMap<net.Socket, string>();
  const numbers = new WeakMap<net.Socket, number>();
  let count = 0;
  const httpServer = http.createServer((req, res) => {
    res.end(`${headers.get(req.socket as net.Socket) ?? 'none'} | conn=${numbers.get(req.socket as net.Socket)}`);
  });
  const sockets = new Set<net.Socket>();
  const raw = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    numbers.set(socket, ++count);
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const parsed = parseHeader(buf);
      if (parsed === null) return;
      socket.off('data', onData);
      headers.set(socket, parsed.header.text);
      socket.pause();
      if (parsed.rest.length > 0) socket.unshift(parsed.rest);
      httpServer.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  deferCleanup(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });
  return { port: (raw.address() as net.AddressInfo).port, connections: () => count };
}

/** Sends `n` keep-alive GETs on one connection; resolves with the bodies and the client's local port. */
function keepAliveGets(port: number, n: number): Promise<{ bodies: string[]; localPort: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const bodies: string[] = [];
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('error', reject);
    const ask = (last: boolean): void => {
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${last ? 'Connection: close\r\n' : ''}\r\n`);
    };
    let localPort = -1;
    socket.on('connect', () => {
      localPort = socket.localPort ?? -1;
      ask(n === 1);
    });
    socket.on('data', (chunk: string) => {
      buf += chunk;
      for (;;) {
        const headEnd = buf.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const length = Number(/content-length: (\d+)/i.exec(buf.slice(0, headEnd))?.[1] ?? '0');
        if (buf.length < headEnd + 4 + length) return;
        bodies.push(buf.slice(headEnd + 4, headEnd + 4 + length));
        buf = buf.slice(headEnd + 4 + length);
        if (bodies.length < n) ask(bodies.length === n - 1);
      }
    });
    socket.on('close', () => resolve({ bodies, localPort }));
  });
}

const site = (port: number, version: string) =>
  `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy 127.0.0.1:${port} {\n    transport http {\n      proxy_protocol ${version}\n    }\n  }\n}\n`;

describe('PROXY protocol', () => {
  test.each(['v1', 'v2'])('%s: the header names the client connection; its keep-alive requests share one upstream connection', async (version) => {
    const up = await proxyProtocolUpstream();
    const rws = await serveRwsfile(site(up.port, version));
    const first = await keepAliveGets(rws.port, 3);
    const expected = version === 'v1'
      ? `PROXY TCP4 127.0.0.1 127.0.0.1 ${first.localPort} ${rws.port}`
      : `v2 cmd=1 TCP4 127.0.0.1 127.0.0.1 ${first.localPort} ${rws.port}`;
    expect(first.bodies).toEqual([`${expected} | conn=1`, `${expected} | conn=1`, `${expected} | conn=1`]);

    // Another client connection never reuses that upstream connection.
    const second = await keepAliveGets(rws.port, 1);
    expect(second.localPort).not.toBe(first.localPort);
    expect(second.bodies[0]).toContain(` ${second.localPort} ${rws.port} | conn=2`);
    expect(up.connections()).toBe(2);
  });

  describe('HTTP/2 clients', () => {
    let dir = '';
    beforeAll(() => {
      dir = certDir();
    });
    afterAll(() => removeCerts(dir));

    test('the streams of one session share the upstream connection its header names', async () => {
      const up = await proxyProtocolUpstream();
      const files = selfSigned(dir, 'localhost', ['localhost']);
      const rws = await serveRwsfile(
        `{\n  admin off\n}\nhttps://localhost:0 {\n  tls ${files.certFile} ${files.keyFile}\n  reverse_proxy 127.0.0.1:${up.port} {\n    transport http {\n      proxy_protocol v1\n    }\n  }\n}\n`,
      );
      const session = http2.connect(`https://localhost:${rws.port}`, { rejectUnauthorized: false });
      deferCleanup(async () => {
        session.destroy();
      });
      const get = async (): Promise<string> => {
        const stream = session.request({ ':path': '/' });
        let body = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (body += c));
        await once(stream, 'end');
        return body;
      };
      const [a, b] = await Promise.all([get(), get()]);
      const localPort = (session.socket as net.Socket).localPort;
      expect(a).toBe(`PROXY TCP4 127.0.0.1 127.0.0.1 ${localPort} ${rws.port} | conn=1`);
      expect(b).toBe(a);
      expect(await get()).toBe(a);
      expect(up.connections()).toBe(1);
    });
  });
});
