/**
 * How reverse_proxy relays answers: connection reuse, when the head goes out, framing of bodiless answers,
 * backpressure from a slow client.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { planWith, proxyPlan } from './fixtures/plan.ts';
import { rawRequest } from './fixtures/raw-http.ts';
import { deferCleanup, runCleanups, trackedUpstream } from './fixtures/cleanups.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';
import { eventually, startRawUpstream } from './fixtures/upstream.ts';

afterEach(runCleanups);

const upstream = trackedUpstream;

async function proxy(url: string): Promise<RunningRws> {
  const rws = await startRws(planWith([proxyPlan([url])]));
  deferCleanup(() => rws.close());
  return rws;
}

describe('connections', () => {
  test('upstream connections are kept alive and reused: 200 requests from 8 clients open at most 8', async () => {
    let accepted = 0;
    const u = await upstream((req, res) => res.end(`hello ${req.url}`));
    u.server.on('connection', () => accepted++);
    const rws = await proxy(u.url);
    const client = new Agent({ connections: 8 });
    deferCleanup(() => client.close());
    const worker = async (w: number): Promise<string[]> => {
      const bodies: string[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await request(`${rws.url}/${w}-${i}`, { dispatcher: client });
        bodies.push(await res.body.text());
      }
      return bodies;
    };
    const results = await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(results.flat()).toHaveLength(200);
    expect(results[3][7]).toBe('hello /3-7');
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(8);
  });
});

describe('response head and framing', () => {
  test('a sized body the upstream sends in parts is relayed part by part, not held until complete', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': '10', 'x-early': 'yes' });
      res.write('first');
      void held.then(() => res.end('later'));
    });
    const rws = await proxy(u.url);
    // If rws waited for the whole body before answering, this would never resolve (the rest waits for it).
    const res = await request(`${rws.url}/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-early']).toBe('yes');
    expect(res.headers['content-length']).toBe('10');
    const reader = res.body[Symbol.asyncIterator]();
    expect(String((await reader.next()).value)).toBe('first');
    release();
    let rest = '';
    for (let next = await reader.next(); !next.done; next = await reader.next()) rest += String(next.value);
    expect(rest).toBe('later');
  });

  test('a small chunked answer arrives whole', async () => {
    const u = await upstream((_req, res) => {
      res.write('chunk one, ');
      res.end('chunk two');
    });
    const rws = await proxy(u.url);
    const res = await request(`${rws.url}/`);
    expect(await res.body.text()).toBe('chunk one, chunk two');
  });

  test('HEAD answers keep the length the upstream announced, and announce none when it did not', async () => {
    const u = await startRawUpstream((socket) => {
      let seen = '';
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        const chunked = seen.startsWith('HEAD /chunked');
        seen = '';
        socket.write(chunked ? 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n');
      });
    });
    deferCleanup(() => u.close());
    const rws = await proxy(u.url);
    const sized = await rawRequest(rws.port, 'HEAD /sized HTTP/1.1\r\nHost: x\r\nConnection: close');
    expect(sized.status).toBe(200);
    expect(sized.headers['content-length']).toBe('1234');
    expect(sized.body).toBe('');
    const chunked = await rawRequest(rws.port, 'HEAD /chunked HTTP/1.1\r\nHost: x\r\nConnection: close');
    expect(chunked.status).toBe(200);
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.body).toBe('');
  });

  test('204 and 304 answers pass through without a body', async () => {
    const u = await upstream((req, res) => {
      if (req.url === '/none') res.writeHead(204, { 'x-kind': 'none' }).end();
      else res.writeHead(304, { etag: '"v1"' }).end();
    });
    const rws = await proxy(u.url);
    const none = await rawRequest(rws.port, 'GET /none HTTP/1.1\r\nHost: x\r\nConnection: close');
    expect(none).toMatchObject({ status: 204, body: '' });
    expect(none.headers['x-kind']).toBe('none');
    const same = await rawRequest(rws.port, 'GET /same HTTP/1.1\r\nHost: x\r\nConnection: close');
    expect(same).toMatchObject({ status: 304, body: '' });
    expect(same.headers['etag']).toBe('"v1"');
  });
});

describe('backpressure', () => {
  test('a client that stops reading stops the upstream; the whole body arrives once it reads again', { timeout: 20_000 }, async () => {
    const total = 48 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 7);
    let written = 0;
    let waiting = false;
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': String(total) });
      const pump = (): void => {
        while (written < total) {
          written += piece.length;
          if (!res.write(piece)) {
            waiting = true;
            res.once('drain', () => {
              waiting = false;
              pump();
            });
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const rws = await proxy(u.url);

    // A raw client that reads nothing until told to.
    const socket = net.connect(rws.port, '127.0.0.1');
    deferCleanup(async () => void socket.destroy());
    socket.pause();
    socket.write('GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(await eventually(() => waiting)).toBe(true);
    // Buffers on the way (sockets, streams) hold a few MB; without backpressure the upstream would write
    // everything while the client reads nothing.
    await eventually(() => !waiting || written >= total, 50);
    expect(written).toBeLessThan(total);

    const hash = createHash('sha256');
    let received = 0;
    let head = Buffer.alloc(0);
    let inBody = false;
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        if (!inBody) {
          head = Buffer.concat([head, chunk]);
          const split = head.indexOf('\r\n\r\n');
          if (split < 0) return;
          inBody = true;
          chunk = head.subarray(split + 4);
        }
        received += chunk.length;
        hash.update(chunk);
      });
      socket.on('end', resolve);
      socket.on('error', reject);
      socket.resume();
    });
    expect(head.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toBe(total);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(Buffer.alloc(total, 7)).digest('hex'));
  });
});
