import { writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';

// An event-stream upstream that sends its head and then waits: the client must get the head through rws
// before the first event exists (an EventSource's "open"), then each event as it is sent.
let rws: RwsProcess;
let upstream: HttpServer;
let port: number;
let sendEvent: (text: string) => void = () => {};
let endStream: () => void = () => {};

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    sendEvent = (text) => res.write(`data: ${text}\n\n`);
    endStream = () => res.end();
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const upPort = (upstream.address() as AddressInfo).port;
  const dir = tempDir();
  writeFileSync(join(dir, 'Rwsfile'), `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n\nhttp://:0 {\n\tencode gzip\n\treverse_proxy 127.0.0.1:${upPort}\n}\n`);
  rws = await startRws(dir);
  port = rws.listening()[0].port;
});

afterAll(async () => {
  await rws?.stop();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

describe('server-sent events through the proxy', () => {
  it('delivers the head before any event, then events one by one', async () => {
    // Resolves on the response head: it would wait forever if rws held the head back for the first event.
    const res = await request(`http://127.0.0.1:${port}/events`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const reader = res.body[Symbol.asyncIterator]();
    sendEvent('one');
    expect(String((await reader.next()).value)).toBe('data: one\n\n');
    sendEvent('two');
    expect(String((await reader.next()).value)).toBe('data: two\n\n');
    endStream();
    expect((await reader.next()).done).toBe(true);
  });
});
