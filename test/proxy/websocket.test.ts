/**
 * WebSocket (HTTP Upgrade) through reverse_proxy: a real `ws` echo server behind rws, a real `ws` client in
 * front; the tunnel survives a reload (in-process apply() and the real process with SIGHUP) and is closed by
 * shutdown.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { request } from 'undici';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Plan } from '../../runtime/plan/plan.ts';
import { deferCleanup, runCleanups } from '../runtime/handlers/fixtures/cleanups.ts';
import { planWith, planWithRoutes, proxyPlan, route } from '../runtime/handlers/fixtures/plan.ts';
import { rawRequest } from '../runtime/handlers/fixtures/raw-http.ts';
import { startRws } from '../runtime/handlers/fixtures/rws.ts';
import { eventually } from '../runtime/handlers/fixtures/upstream.ts';
import { respond } from '../runtime/support/plan.ts';
import { certDir, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { startRws as startRwsProcess, tempDir } from '../support/rws-process.ts';
import { serveRwsfile } from './support.ts';

afterEach(runCleanups);

interface EchoServer {
  readonly url: string;
  /** Handshake request headers, in arrival order. */
  readonly handshakes: http.IncomingHttpHeaders[];
  readonly clients: Set<WebSocket>;
}

/** A ws server on a node:http server: greets each client with `hello <name>`, then echoes `<name>: <msg>`. */
async function echoServer(name: string): Promise<EchoServer> {
  const server = http.createServer((_req, res) => res.end('plain http'));
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
  const handshakes: http.IncomingHttpHeaders[] = [];
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws, req) => {
    handshakes.push(req.headers);
    clients.add(ws);
    ws.once('close', () => clients.delete(ws));
    ws.send(`hello ${name}`);
    ws.on('message', (data) => ws.send(`${name}: ${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  deferCleanup(async () => {
    for (const c of clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handshakes, clients };
}

/** A client whose messages are queued so a test can await them one by one. */
class Client {
  readonly ws: WebSocket;
  readonly #queue: string[] = [];
  readonly #waiting: { resolve: (m: string) => void; reject: (e: Error) => void }[] = [];

  constructor(url: string, protocols?: string[], options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, protocols, options);
    this.ws.on('message', (data) => {
      const text = String(data);
      const waiter = this.#waiting.shift();
      if (waiter === undefined) this.#queue.push(text);
      else waiter.resolve(text);
    });
    this.ws.on('error', () => {});
    this.ws.once('close', () => {
      for (const w of this.#waiting.splice(0)) w.reject(new Error('closed while waiting for a message'));
    });
    deferCleanup(async () => {
      if (this.ws.readyState !== WebSocket.CLOSED) {
        this.ws.terminate();
        await once(this.ws, 'close');
      }
    });
  }

  async opened(): Promise<void> {
    if (this.ws.readyState !== WebSocket.OPEN) await once(this.ws, 'open');
  }

  next(): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error('closed'));
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async roundTrip(message: string): Promise<string> {
    this.ws.send(message);
    return this.next();
  }
}

async function rwsFor(plan: Plan) {
  const rws = await startRws(plan);
  deferCleanup(() => rws.close());
  return rws;
}

describe('WebSocket through reverse_proxy', () => {
  test('echo: the upstream greeting and every reply arrive, in order', async () => {
    const up = await echoServer('a');
    const rws = await rwsFor(planWith([proxyPlan([up.url])]));
    const client = new Client(`ws://127.0.0.1:${rws.port}/chat`);
    await client.opened();
    expect(await client.next()).toBe('hello a');
    for (let i = 0; i < 20; i++) expect(await client.roundTrip(`m${i}`)).toBe(`a: m${i}`);
    const big = 'x'.repeat(256 * 1024);
    expect(await client.roundTrip(big)).toBe(`a: ${big}`);
  });

  test('the handshake goes through header ops and the subprotocol comes back', async () => {
    const up = await echoServer('a');
    const plan = planWith([
      proxyPlan([up.url], {
        headersUp: [{ op: 'set', name: 'x-from-proxy', value: ['yes'] }],
        headersDown: [{ op: 'set', name: 'x-down', value: ['seen'] }],
      }),
    ]);
    const rws = await rwsFor(plan);
    const client = new Client(`ws://127.0.0.1:${rws.port}/`, ['chat']);
    const [response] = (await once(client.ws, 'upgrade')) as [http.IncomingMessage];
    await client.opened();
    expect(client.ws.protocol).toBe('chat');
    expect(response.headers['x-down']).toBe('seen');
    expect(up.handshakes[0]['x-from-proxy']).toBe('yes');
    expect(up.handshakes[0]['x-forwarded-for']).toBe('127.0.0.1');
    expect(await client.next()).toBe('hello a');
  });

  test('an upstream that refuses the upgrade: its answer reaches the client', async () => {
    const server = http.createServer((_req, res) => res.end('x'));
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\nConnection: close\r\n\r\nno way\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    deferCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const rws = await rwsFor(planWith([proxyPlan([`http://127.0.0.1:${(server.address() as AddressInfo).port}`])]));
    const ws = new WebSocket(`ws://127.0.0.1:${rws.port}/`);
    ws.on('error', () => {});
    const [, response] = (await once(ws, 'unexpected-response')) as [unknown, http.IncomingMessage];
    expect(response.statusCode).toBe(403);
    response.resume();
    ws.terminate();
  });

  test('an Upgrade request on a route that does not proxy gets that route\'s answer and a closed connection', async () => {
    const rws = await rwsFor(planWithRoutes([route([respond('plain')])]));
    const res = await rawRequest(rws.port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
    expect(res.status).toBe(200);
    expect(res.body).toBe('plain');
    expect(res.headers['connection']).toBe('close');
  });

  test('an unreachable upstream answers 502 to the handshake', async () => {
    const rws = await rwsFor(planWith([proxyPlan(['http://127.0.0.1:1'])]));
    const ws = new WebSocket(`ws://127.0.0.1:${rws.port}/`);
    ws.on('error', () => {});
    const [, response] = (await once(ws, 'unexpected-response')) as [unknown, http.IncomingMessage];
    expect(response.statusCode).toBe(502);
    response.resume();
    ws.terminate();
  });

  test('a reload (new plan, new upstream) leaves an open WebSocket working; new ones use the new plan', async () => {
    const a = await echoServer('a');
    const b = await echoServer('b');
    const rws = await rwsFor(planWith([proxyPlan([a.url])]));
    const client = new Client(`ws://127.0.0.1:${rws.port}/`);
    await client.opened();
    expect(await client.next()).toBe('hello a');
    expect(await client.roundTrip('before')).toBe('a: before');

    const { changed } = await rws.server.apply(planWith([proxyPlan([b.url])]));
    expect(changed).toBe(true);
    // The retired plan's pools are closed once it has drained; the tunnel is not part of it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await client.roundTrip('after')).toBe('a: after');

    const fresh = new Client(`ws://127.0.0.1:${rws.port}/`);
    await fresh.opened();
    expect(await fresh.next()).toBe('hello b');
    expect(await client.roundTrip('still')).toBe('a: still');
  });

  test('shutdown closes open WebSockets once the grace period is over', async () => {
    const up = await echoServer('a');
    const rws = await rwsFor(planWith([proxyPlan([up.url])]));
    const client = new Client(`ws://127.0.0.1:${rws.port}/`);
    await client.opened();
    expect(await client.next()).toBe('hello a');
    const closed = once(client.ws, 'close');
    await rws.server.shutdown(100);
    await closed;
    expect(await eventually(() => up.clients.size === 0)).toBe(true);
  });
});

describe('WebSocket over TLS (wss://)', () => {
  let dir = '';
  beforeAll(() => {
    dir = certDir();
  });
  afterAll(() => removeCerts(dir));

  test('an HTTPS listener tunnels an HTTP/1.1 upgrade too', async () => {
    const up = await echoServer('a');
    const files = selfSigned(dir, 'localhost', ['localhost']);
    const rws = await serveRwsfile(`{\n  admin off\n}\nhttps://localhost:0 {\n  tls ${files.certFile} ${files.keyFile}\n  reverse_proxy ${up.url.slice(7)}\n}\n`);
    const client = new Client(`wss://localhost:${rws.port}/`, undefined, { rejectUnauthorized: false });
    await client.opened();
    expect(await client.next()).toBe('hello a');
    expect(await client.roundTrip('secure')).toBe('a: secure');
  });
});

describe('WebSocket to an upstream spoken to over HTTP/2', () => {
  let dir = '';
  beforeAll(() => {
    dir = certDir();
  });
  afterAll(() => removeCerts(dir));

  test('ordinary requests use HTTP/2, the WebSocket an HTTP/1.1 connection of its own', async () => {
    const files = selfSigned(dir, 'upstream', ['upstream.test']);
    const h2 = http2.createSecureServer({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile), allowHTTP1: true }, (req, res) => {
      res.end(`over ${req.httpVersion}`);
    });
    const wss = new WebSocketServer({ noServer: true });
    wss.on('connection', (ws, req) => {
      ws.send(`hello over ${req.httpVersion}`);
      ws.on('message', (data) => ws.send(`echo: ${String(data)}`));
    });
    h2.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    deferCleanup(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => h2.close(() => resolve()));
    });
    const port = (h2.address() as AddressInfo).port;
    const rws = await serveRwsfile(
      `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy https://127.0.0.1:${port} {\n    transport http {\n      versions 2 1.1\n      tls_trust_pool file ${files.certFile}\n      tls_server_name upstream.test\n    }\n  }\n}\n`,
    );
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('over 2.0');
    const client = new Client(`ws://127.0.0.1:${rws.port}/`);
    await client.opened();
    expect(await client.next()).toBe('hello over 1.1');
    expect(await client.roundTrip('x')).toBe('echo: x');
    expect(await (await request(`${rws.url}/`)).body.text()).toBe('over 2.0');
  });
});

describe('WebSocket through the real rws process', () => {
  test('an open WebSocket survives SIGHUP reloads', async () => {
    const a = await echoServer('a');
    const b = await echoServer('b');
    const rwsfile = (upstream: string) => `{\n  admin off\n  grace_period 200ms\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${upstream.replace('http://', '')}\n}\n`;
    const dir = tempDir({ Rwsfile: rwsfile(a.url) });
    const proc = await startRwsProcess(dir);
    deferCleanup(async () => {
      await proc.stop();
    });
    const port = proc.listening()[0].port;
    const client = new Client(`ws://127.0.0.1:${port}/`);
    await client.opened();
    expect(await client.next()).toBe('hello a');

    writeFileSync(join(dir, 'Rwsfile'), rwsfile(b.url));
    const applied = proc.logs.filter((l) => l.msg === 'config applied').length;
    proc.child.kill('SIGHUP');
    await proc.waitFor((l) => l.msg === 'config applied' && proc.logs.filter((x) => x.msg === 'config applied').length > applied, 'reload');
    expect(await client.roundTrip('after reload')).toBe('a: after reload');

    const fresh = new Client(`ws://127.0.0.1:${port}/`);
    await fresh.opened();
    expect(await fresh.next()).toBe('hello b');
  });
});
