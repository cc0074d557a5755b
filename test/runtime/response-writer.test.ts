/**
 * The ResponseWriter against real Node servers (HTTP/1.1 and HTTP/2) and real clients: backpressure,
 * disconnects, head hooks, body transforms, HEAD, and HTTP/2's ban on connection headers.
 */
import { createServer, get as httpGet, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect as h2connect, createServer as createH2Server, type Http2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientGoneError } from '../../runtime/http/body-sink.ts';
import { Response } from '../../runtime/http/response.ts';

type Handler = (writer: Response, req: IncomingMessage | Http2ServerRequest) => void;

const servers: (HttpServer | Http2Server)[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          if ('closeAllConnections' in s) s.closeAllConnections();
        }),
    ),
  );
});

const notDraining = { draining: false };

async function http1(handler: Handler): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => handler(new Response(res, false, req.method ?? 'GET', notDraining), req));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function http2(handler: Handler): Promise<string> {
  const server = createH2Server((req: Http2ServerRequest, res: Http2ServerResponse) => handler(new Response(res, true, req.method, notDraining), req));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `count` chunks of 64 KiB, produced on demand. */
function chunks(count: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      this.push(i++ < count ? Buffer.alloc(65536, i % 256) : null);
    },
  });
}

describe('ResponseWriter', () => {
  it('stream(): honours backpressure from a paused reader and resolves once everything is written', async () => {
    const total = 1024; // 64 MiB: far more than socket buffers hold
    let produced = 0;
    const source = new Readable({
      read() {
        this.push(produced++ < total ? Buffer.alloc(65536, produced % 256) : null);
      },
    });
    let done: Promise<void> = Promise.resolve();
    let writer: Response | null = null;
    const url = await http1((w) => {
      writer = w;
      done = w.stream(200, { 'content-type': 'application/octet-stream' }, source);
    });
    const received = await new Promise<number>((resolve, reject) => {
      httpGet(url, (res) => {
        let size = 0;
        res.on('data', (c: Buffer) => (size += c.length));
        res.on('end', () => resolve(size));
        res.on('error', reject);
        res.pause();
        // While the client reads nothing, the server must stop pulling from the source.
        void (async () => {
          let last = -1;
          for (let stable = 0, i = 0; stable < 3 && i < 200; i++) {
            await new Promise((r) => setTimeout(r, 20));
            stable = produced === last ? stable + 1 : 0;
            last = produced;
          }
          expect(produced).toBeLessThan(total);
          res.resume();
        })().catch(reject);
      }).on('error', reject);
    });
    await done;
    expect(received).toBe(total * 65536);
    expect(writer!.bytesWritten).toBe(total * 65536);
    expect(writer!.status).toBe(200);
  });

  it('stream(): rejects with ClientGoneError when the client disconnects, and stops reading the source', async () => {
    let outcome: Promise<unknown> = Promise.resolve();
    const source = chunks(1_000_000);
    const url = await http1((w) => {
      outcome = w.stream(200, {}, source).then(
        () => 'resolved',
        (err: unknown) => err,
      );
    });
    await new Promise<void>((resolve) => {
      const req = httpGet(url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
    });
    expect(await outcome).toBeInstanceOf(ClientGoneError);
    expect(source.destroyed).toBe(true);
  });

  it('runs head hooks in order, then body transforms, for send() as well as stream()', async () => {
    const url = await http1((w, req) => {
      w.onHead((head) => {
        head.headers['x-order'] = 'first';
      });
      w.onHead((head) => {
        head.headers['x-order'] = `${String(head.headers['x-order'])},second`;
        head.headers['x-status-seen'] = String(head.status);
      });
      w.addBodyTransform((head) => {
        head.headers['content-encoding'] = 'gzip';
        delete head.headers['content-length'];
        return createGzip();
      });
      if (req.url === '/send') w.send(201, { 'Content-Type': 'text/plain' }, 'hello '.repeat(100));
      else void w.stream(200, {}, Readable.from([Buffer.from('streamed '.repeat(100))]));
    });
    for (const [path, status, text] of [
      ['/send', 201, 'hello '.repeat(100)],
      ['/stream', 200, 'streamed '.repeat(100)],
    ] as const) {
      const res = await request(`${url}${path}`);
      expect(res.statusCode).toBe(status);
      expect(res.headers['x-order']).toBe('first,second');
      expect(res.headers['x-status-seen']).toBe(String(status));
      expect(res.headers['content-encoding']).toBe('gzip');
      const decoded = await new Promise<string>((resolve, reject) => {
        const gunzip = createGunzip();
        let out = '';
        gunzip.on('data', (c: Buffer) => (out += c.toString()));
        gunzip.on('end', () => resolve(out));
        gunzip.on('error', reject);
        void res.body.arrayBuffer().then((b) => gunzip.end(Buffer.from(b)));
      });
      expect(decoded).toBe(text);
    }
  });

  it('writes the head once: a second writeHead throws', async () => {
    let second: unknown = null;
    const url = await http1((w) => {
      w.send(200, {}, 'one');
      try {
        w.writeHead(500, {});
      } catch (err) {
        second = err;
      }
    });
    expect(await (await request(url)).body.text()).toBe('one');
    expect(second).toBeInstanceOf(Error);
  });

  it('HTTP/2: sends bodies and streams, drops connection headers, and keeps HEAD bodiless', async () => {
    const url = await http2((w, req) => {
      if (req.url === '/stream') void w.stream(200, { connection: 'close', 'keep-alive': 'timeout=5' }, chunks(8));
      else w.send(200, { 'transfer-encoding': 'chunked', 'x-ok': '1' }, 'h2 body');
    });
    const session = h2connect(url);
    try {
      const fetch = (path: string, method = 'GET') =>
        new Promise<{ headers: Record<string, unknown>; size: number; text: string }>((resolve, reject) => {
          const stream = session.request({ ':path': path, ':method': method });
          let headers: Record<string, unknown> = {};
          const parts: Buffer[] = [];
          stream.on('response', (h) => (headers = h));
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => resolve({ headers, size: Buffer.concat(parts).length, text: Buffer.concat(parts).toString() }));
          stream.on('error', reject);
          stream.end();
        });
      const small = await fetch('/');
      expect(small.text).toBe('h2 body');
      expect(small.headers['x-ok']).toBe('1');
      expect(small.headers['transfer-encoding']).toBeUndefined();
      const big = await fetch('/stream');
      expect(big.size).toBe(8 * 65536);
      expect(big.headers.connection).toBeUndefined();
      const head = await fetch('/', 'HEAD');
      expect(head.size).toBe(0);
      expect(head.headers['content-length']).toBe('7');
    } finally {
      session.close();
    }
  });
});
