import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { GlobalPlan, HandlerPlan } from '../../runtime/plan/plan.ts';
import { LIMITS, httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';
import { closeUpstreams, proxyTo, upstream } from './support/upstream.ts';

afterEach(async () => {
  await stopAll();
  await closeUpstreams();
});

function serve(handlers: HandlerPlan[], limits: Partial<GlobalPlan['limits']>): Promise<Running> {
  return start(plan({ global: { limits: { ...LIMITS, ...limits } }, listeners: [httpListener([site('limits', [route(handlers)])])] }));
}

/** Connects, runs `talk`, and resolves with everything received once the server closes the connection. */
function exchange(port: number, talk: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => talk(socket));
    let data = '';
    socket.setEncoding('utf8').on('data', (d: string) => (data += d));
    socket.on('close', () => resolve(data));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(data) : reject(err)));
  });
}

/** An upstream that reads the whole body and answers with its size. */
async function counter(): Promise<string> {
  const { url } = await upstream((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => res.end(`got ${n}`));
  });
  return url;
}

describe('limits', () => {
  it('431 for a request head larger than maxHeaderBytes', async () => {
    const rws = await serve([respond('ok')], { maxHeaderBytes: 1024 });
    const raw = await exchange(rws.port(), (s) => s.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`));
    expect(raw).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(raw).toContain('Connection: close');
    const fine = await request(`${rws.url}/`, { headers: { 'x-small': 'a'.repeat(100) } });
    expect(await fine.body.text()).toBe('ok');
  });

  it('408 and a closed connection for a head trickled in past headerTimeoutMs (slowloris)', async () => {
    const rws = await serve([respond('ok')], { headerTimeoutMs: 300, requestTimeoutMs: 2_000 });
    let timer: NodeJS.Timeout | undefined;
    let sent = 0;
    const raw = await exchange(rws.port(), (s) => {
      s.write('GET / HTTP/1.1\r\nHost: x\r\n');
      // One header line every 50 ms, never finishing the head; bounded to 200 lines (10 s).
      timer = setInterval(() => {
        if (s.destroyed || sent++ > 200) {
          clearInterval(timer);
          s.destroy();
          return;
        }
        s.write(`X-Slow-${sent}: 1\r\n`);
      }, 50);
    });
    clearInterval(timer);
    expect(raw).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(sent).toBeLessThan(200);
  });

  it('400 for a malformed request line, and the server keeps serving', async () => {
    const rws = await serve([respond('ok')], {});
    const raw = await exchange(rws.port(), (s) => s.write('THIS IS NOT HTTP\r\n\r\n'));
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('ok');
  });

  it('413 before reading when Content-Length is over maxBodyBytes; the connection is closed', async () => {
    const rws = await serve([proxyTo(await counter())], { maxBodyBytes: 1000 });
    const raw = await exchange(rws.port(), (s) => s.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n${'a'.repeat(100)}`));
    expect(raw).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(raw).toMatch(/connection: close/i);
    const small = await request(`${rws.url}/`, { method: 'POST', body: 'a'.repeat(1000) });
    expect(await small.body.text()).toBe('got 1000');
  });

  it('413 when a chunked body grows past the limit while streaming', async () => {
    const rws = await serve([proxyTo(await counter())], { maxBodyBytes: 1000 });
    const raw = await exchange(rws.port(), (s) => {
      s.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
      for (let i = 0; i < 5; i++) s.write(`190\r\n${'b'.repeat(400)}\r\n`);
      s.write('0\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
  });

  it('request_body lowers the limit for the routes it runs in', async () => {
    const rws = await serve([{ kind: 'request_body', maxBytes: 10 }, proxyTo(await counter())], { maxBodyBytes: 1000 });
    const res = await request(`${rws.url}/`, { method: 'POST', body: 'x'.repeat(11) });
    expect(res.statusCode).toBe(413);
    await res.body.dump();
    const ok = await request(`${rws.url}/`, { method: 'POST', body: 'x'.repeat(10) });
    expect(await ok.body.text()).toBe('got 10');
  });
});
