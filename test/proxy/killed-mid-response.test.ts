import net from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually, startRawUpstream } from '../runtime/handlers/fixtures/upstream.ts';
import { fetchText, proxyTo } from './resilience-helpers.ts';

afterEach(runCleanups);

describe('an upstream killed mid-response', () => {
  test('after the head: the client connection is cut (never a short body that looks complete), no socket leaks', async () => {
    const raw = await startRawUpstream((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n');
        socket.write('y'.repeat(100), () => socket.destroy());
      });
    });
    deferCleanup(() => raw.close());
    const rws = await proxyTo([raw.url]);
    const res = await request(`${rws.url}/big`);
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
    expect(await eventually(() => raw.sockets.size === 0)).toBe(true);
    expect(rws.logs.some((l) => l.msg === 'upstream response failed mid-body')).toBe(true);
  });

  test('before the head: 502 with a body that says what happened; the process is killed for good', async () => {
    const victim = await trackedUpstream((req) => {
      // Dies while handling: the server goes away with its connections.
      victim.server.close();
      req.socket.destroy();
    });
    const rws = await proxyTo([victim.url]);
    const res = await fetchText(`${rws.url}/`);
    expect(res.status).toBe(502);
    expect(res.body).toMatch(new RegExp(`^502 Bad Gateway\\nupstream ${victim.url} broke the exchange \\(`));
    expect(await eventually(() => victim.sockets.size === 0)).toBe(true);
    // Nothing listens any more: the next request is refused cleanly.
    const next = await fetchText(`${rws.url}/`);
    expect(next.status).toBe(502);
    expect(next.body).toContain('refused the connection (ECONNREFUSED)');
  });

  test('an SSE stream cut by the upstream ends the client stream; rws stays healthy', async () => {
    const sockets = new Set<net.Socket>();
    const sse = await trackedUpstream((req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n', () => setTimeout(() => req.socket.destroy(), 20));
    });
    const rws = await proxyTo([sse.url]);
    const res = await request(`${rws.url}/events`);
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
    expect(await eventually(() => sse.sockets.size === 0)).toBe(true);
  });
});
