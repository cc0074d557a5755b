import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually } from '../runtime/handlers/fixtures/upstream.ts';
import { fetchText, proxyTo, retries } from './resilience-helpers.ts';

afterEach(runCleanups);

const TIMEOUTS = { dialMs: 2000, responseHeaderMs: 5000, readMs: 5000, totalMs: 0 };

/**
 * A listener that never completes another connection: a process that stops accepting (blocked) with its
 * backlog filled, so new SYNs go unanswered and a dial hangs until its timeout. Killed by PID after the test.
 */
async function unanswered(): Promise<string> {
  const busy = `const s = require('node:net').createServer();
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(s.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000);
});`;
  const child = spawn(process.execPath, ['-e', busy], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fillers: net.Socket[] = [];
  deferCleanup(async () => {
    for (const f of fillers) f.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  });
  const port = Number(String(((await once(child.stdout!, 'data')) as [Buffer])[0]).trim());
  // Fill the accept queue: stop once a connection no longer completes.
  for (let i = 0; i < 10; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    fillers.push(socket);
    const connected = await Promise.race([once(socket, 'connect').then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 200, false))]);
    if (!connected) break;
  }
  return `http://127.0.0.1:${port}`;
}

describe('timeouts', () => {
  test('no response head in time: 504 naming the upstream and the timeout, request id in body and log', async () => {
    const silent = await trackedUpstream(() => {
      /* never answers */
    });
    const rws = await proxyTo([silent.url], { timeouts: { ...TIMEOUTS, responseHeaderMs: 80 } });
    const res = await fetchText(`${rws.url}/slow`);
    expect(res.status).toBe(504);
    const id = /request id: (\S+)/.exec(res.body)?.[1];
    expect(res.body).toBe(`504 Gateway Timeout\nupstream ${silent.url} sent no response head within 80ms (response_header_timeout)\nrequest id: ${id}\n`);
    expect(rws.logs.some((l) => l.msg === 'request failed' && l.id === id && l.status === 504)).toBe(true);
    // The upstream's connection was closed with the try.
    expect(await eventually(() => silent.sockets.size === 0)).toBe(true);
  });

  test('dial_timeout: 504 naming it; the try goes to another upstream when retries allow', async () => {
    const hanging = await unanswered();
    const good = await trackedUpstream((_req, res) => res.end('good'));
    const timeouts = { ...TIMEOUTS, dialMs: 100 };
    const alone = await proxyTo([hanging], { timeouts });
    const res = await fetchText(`${alone.url}/`);
    expect(res.status).toBe(504);
    expect(res.body).toContain(`upstream ${hanging}: no connection within 100ms (dial_timeout)`);
    const withRetry = await proxyTo([hanging, good.url], { timeouts, lb: { kind: 'first' }, retry: retries(1) });
    expect(await fetchText(`${withRetry.url}/`, { method: 'POST', body: 'never sent' })).toMatchObject({ status: 200, body: 'good' });
  });

  test('total_timeout bounds the whole exchange, retries included', async () => {
    let hits = 0;
    const silent = await trackedUpstream(() => {
      hits++;
    });
    const rws = await proxyTo([silent.url], {
      timeouts: { ...TIMEOUTS, responseHeaderMs: 60, totalMs: 150 },
      retry: retries(100, { onTimeout: true }),
    });
    const res = await fetchText(`${rws.url}/`);
    expect(res.status).toBe(504);
    expect(res.body).toMatch(/no complete response within 150ms \(total_timeout\)/);
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(hits).toBeLessThan(10);
  });

  test('an upstream that stops sending mid-body is cut after read_timeout: the client sees a truncated body', async () => {
    const stalling = await trackedUpstream((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('x'.repeat(10));
    });
    const rws = await proxyTo([stalling.url], { timeouts: { ...TIMEOUTS, readMs: 80 } });
    const res = await request(`${rws.url}/`);
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
    expect(await eventually(() => stalling.sockets.size === 0)).toBe(true);
    // rws keeps serving.
    const ok = await trackedUpstream((_req, r) => r.end('fine'));
    const rws2 = await proxyTo([ok.url]);
    expect(await fetchText(`${rws2.url}/`)).toMatchObject({ status: 200, body: 'fine' });
  });
});
