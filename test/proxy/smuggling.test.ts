/**
 * Request smuggling defences: ambiguous or malformed HTTP/1.x framing is answered 400 (501 / 505 where that
 * is the meaning) by rws itself and nothing reaches the upstream. Raw sockets send the exact bytes; the
 * upstream counts every request it sees.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { planWith, proxyPlan } from '../runtime/handlers/fixtures/plan.ts';
import { startRws } from '../runtime/handlers/fixtures/rws.ts';
import { startRawUpstream } from '../runtime/handlers/fixtures/upstream.ts';
import { certDir, certificatePlan, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { httpsListener, listenerTls, plan, route, site } from '../runtime/support/plan.ts';
import { startRws as startRwsProcess, tempDir } from '../support/rws-process.ts';

afterEach(runCleanups);

/** Writes the bytes, reads until the server closes the connection; the status line of the first answer. */
function send(connect: () => net.Socket, bytes: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect();
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(text.split(' ')[1]), text });
    });
    socket.write(Buffer.from(bytes, 'latin1'));
  });
}

async function proxied(): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const u = await trackedUpstream((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.end('upstream');
    });
  });
  const rws = await startRws(planWith([proxyPlan([u.url])]));
  deferCleanup(() => rws.close());
  return { port: rws.port, seen };
}

const H = 'Host: a\r\n';

/** [name, bytes, status]: every one must be refused by rws, none may reach the upstream. */
const REFUSED: readonly (readonly [string, string, number])[] = [
  ['Content-Length with Transfer-Encoding', `POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n${H}\r\n`, 400],
  ['two Content-Length values', `POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde`, 400],
  ['the same Content-Length twice', `POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd`, 400],
  ['a Content-Length list', `POST / HTTP/1.1\r\n${H}Content-Length: 4, 4\r\n\r\nabcd`, 400],
  ['a signed Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: +4\r\n\r\nabcd`, 400],
  ['chunked not last', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`, 400],
  ['an unknown transfer coding', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\n\r\nabcd`, 501],
  ['two Transfer-Encoding lines', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n`, 400],
  ['a space before the colon', `POST / HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n`, 400],
  ['obs-fold', `GET / HTTP/1.1\r\n${H}X-A: b\r\n c\r\n\r\n`, 400],
  ['obs-fold in Transfer-Encoding', `POST / HTTP/1.1\r\n${H}Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n`, 400],
  ['NUL in a header value', `GET / HTTP/1.1\r\n${H}X-A: b\x00c\r\n\r\n`, 400],
  ['a control byte in a header value', `GET / HTTP/1.1\r\n${H}X-A: b\x01c\r\n\r\n`, 400],
  ['DEL in a header value', `GET / HTTP/1.1\r\n${H}X-A: b\x7fc\r\n\r\n`, 400],
  ['a bare CR', `GET / HTTP/1.1\r\n${H}X-A: b\rc\r\n\r\n`, 400],
  ['a bare LF after a header', `GET / HTTP/1.1\r\n${H}X-A: b\n\r\n`, 400],
  ['an invalid header name', `GET / HTTP/1.1\r\n${H}X(A): b\r\n\r\n`, 400],
  ['an invalid chunk size', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n4x\r\nabcd\r\n0\r\n\r\n`, 400],
  ['an overflowing chunk size', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nabcd\r\n0\r\n\r\n`, 400],
  ['a bare LF in chunk framing', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n4\nabcd\n0\n\n`, 400],
  // Accepted by Node, refused by rws (runtime/listen/request-guard.ts):
  ['Transfer-Encoding in HTTP/1.0', `POST / HTTP/1.0\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
  ['a transfer coding rws does not decode', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, 501],
  ['two Host lines', `GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n`, 400],
  ['a Host with a space', `GET / HTTP/1.1\r\nHost: a b\r\n\r\n`, 400],
  ['a Host with userinfo', `GET / HTTP/1.1\r\nHost: evil@a\r\n\r\n`, 400],
  ['a Host with a path', `GET / HTTP/1.1\r\nHost: a/b\r\n\r\n`, 400],
  ['an HTTP/0.9 request line', `GET /\r\n\r\n`, 505],
  ['HTTP/2.0 on an HTTP/1 connection', `GET / HTTP/2.0\r\n${H}\r\n`, 505],
];

describe('refused before routing, never forwarded', () => {
  test.each(REFUSED)('%s', async (_name, bytes, status) => {
    const { port, seen } = await proxied();
    const res = await send(() => net.connect(port, '127.0.0.1'), bytes);
    expect(res.status).toBe(status);
    // One answer, then the connection is closed: nothing after it was read as another request.
    expect(res.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  test('well-formed requests of the same shapes go through', async () => {
    const { port, seen } = await proxied();
    const chunked = await send(() => net.connect(port, '127.0.0.1'), `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nabcd\r\n0\r\n\r\n`);
    expect(chunked.status).toBe(200);
    const sized = await send(() => net.connect(port, '127.0.0.1'), `POST /s HTTP/1.0\r\n${H}Content-Length: 4\r\n\r\nwxyz`);
    expect(sized.status).toBe(200);
    const tab = await send(() => net.connect(port, '127.0.0.1'), `GET /t HTTP/1.1\r\nHost: [::1]:8080\r\nX-A:\tb\xe9\r\nConnection: close\r\n\r\n`);
    expect(tab.status).toBe(200);
    expect(seen).toEqual(['POST /c abcd', 'POST /s wxyz', 'GET /t ']);
  });
});

describe('h2c upgrade smuggling', () => {
  test('an h2c upgrade is served as an ordinary request: the upstream never sees it and cannot switch the connection', async () => {
    const heads: string[] = [];
    const u = await startRawUpstream((socket) => {
      let head = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        head += chunk;
        if (!head.includes('\r\n\r\n')) return;
        heads.push(head);
        // A backend that speaks h2c would switch here.
        if (/upgrade: h2c/i.test(head)) socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
        else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nplain');
      });
    });
    deferCleanup(() => u.close());
    const rws = await startRws(planWith([proxyPlan([u.url])]));
    deferCleanup(() => rws.close());
    const res = await send(
      () => net.connect(rws.port, '127.0.0.1'),
      `GET / HTTP/1.1\r\n${H}Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/plain$/);
    expect(heads).toHaveLength(1);
    expect(heads[0]).not.toMatch(/upgrade|http2-settings/i);
  });
});

describe('WebSocket upgrade smuggling', () => {
  test('bytes after an Upgrade request reach the upstream only through a 101 tunnel, never as another request', async () => {
    const seen: string[] = [];
    const u = await trackedUpstream((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('no upgrade for you');
    });
    const rws = await startRws(planWith([proxyPlan([u.url])]));
    deferCleanup(() => rws.close());
    const res = await send(
      () => net.connect(rws.port, '127.0.0.1'),
      `GET /ws HTTP/1.1\r\n${H}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n` +
        `GET /smuggled HTTP/1.1\r\n${H}\r\n`,
    );
    expect(res.status).toBe(426);
    expect(res.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(seen).toEqual(['/ws']);
  });
});

describe('the HTTP/1.1 fallback of an HTTPS listener', () => {
  let dir = '';
  beforeAll(() => {
    dir = certDir();
  });
  afterAll(() => removeCerts(dir));

  test('refuses the same requests', async () => {
    const seen: string[] = [];
    const u = await trackedUpstream((req, res) => {
      seen.push(req.url ?? '');
      res.end('upstream');
    });
    const files = selfSigned(dir, 'a', ['a.test']);
    const rws = await startRws(
      plan({ listeners: [httpsListener([site('a', [route([proxyPlan([u.url])])])], listenerTls([certificatePlan(['a.test'], files)], 0))] }),
    );
    deferCleanup(() => rws.close());
    const connect = () => tls.connect({ port: rws.port, host: '127.0.0.1', servername: 'a.test', rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    for (const [, bytes, status] of [REFUSED[0], REFUSED[9], REFUSED[22]]) {
      expect((await send(connect, bytes)).status).toBe(status);
    }
    expect(seen).toEqual([]);
  });
});

describe('the real process under --insecure-http-parser', () => {
  test('still parses strictly', async () => {
    const seen: string[] = [];
    const u = await trackedUpstream((req, res) => {
      seen.push(req.url ?? '');
      res.end('upstream');
    });
    const dir = tempDir({ Rwsfile: `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${u.url.replace('http://', '')}\n}\n` });
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${before ?? ''} --insecure-http-parser`.trim();
    let proc;
    try {
      proc = await startRwsProcess(dir);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
    const running = proc;
    deferCleanup(async () => {
      await running.stop();
    });
    const port = running.listening()[0].port;
    for (const [, bytes, status] of [REFUSED[0], REFUSED[9], REFUSED[11]]) {
      expect((await send(() => net.connect(port, '127.0.0.1'), bytes)).status).toBe(status);
    }
    expect(seen).toEqual([]);
  });
});
