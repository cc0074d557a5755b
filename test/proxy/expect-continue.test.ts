/**
 * `Expect: 100-continue` through reverse_proxy: the 100 goes out only once the body is wanted (the upstream
 * connection is open); a request refused earlier gets its final status without a 100, its body never sent,
 * and the connection closed. Real clients: curl, and a raw socket that waits for the 100 before sending.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { certDir, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

const run = promisify(execFile);

/** An upstream answering with the size of the body it received; `seen` counts requests. */
async function sizeEcho() {
  const seen: string[] = [];
  const u = await trackedUpstream((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${n} expect=${req.headers.expect ?? '-'}`);
      res.end(`got ${n}`);
    });
  });
  return { url: u.url, seen };
}

function rwsfile(body: string): string {
  return `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n${body}\n}\n`;
}

/**
 * Raw client: sends the head, then the body only after a `100 Continue` (or never, when the final answer
 * comes first). Resolves with everything read once the server closes or the final answer is complete.
 */
function expectingClient(port: number, head: string, body: string): Promise<{ sawContinue: boolean; sentBody: boolean; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let sentBody = false;
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!sentBody && text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        sentBody = true;
        socket.write(body);
      }
    });
    socket.on('close', () => resolve({ sawContinue: text.startsWith('HTTP/1.1 100 Continue'), sentBody, text }));
    socket.write(`${head}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
  });
}

describe('Expect: 100-continue', () => {
  test('curl: the 100 arrives, the body goes through, the upstream sees no Expect', async () => {
    const u = await sizeEcho();
    const rws = await serveRwsfile(rwsfile(`  reverse_proxy ${hostPort(u.url)}`));
    const { stdout, stderr } = await run('curl', ['-sS', '-v', '-H', 'Expect: 100-continue', '--data-binary', 'x'.repeat(3000), `${rws.url}/up`]);
    expect(stderr).toContain('< HTTP/1.1 100 Continue');
    expect(stdout).toBe('got 3000');
    expect(u.seen).toEqual(['POST /up 3000 expect=-']);
  });

  test('a raw client that waits for the 100 gets it, then the upstream\'s answer', async () => {
    const u = await sizeEcho();
    const rws = await serveRwsfile(rwsfile(`  reverse_proxy ${hostPort(u.url)}`));
    const res = await expectingClient(rws.port, 'PUT /w HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5', 'hello');
    expect(res.sawContinue).toBe(true);
    expect(res.text).toMatch(/\r\n\r\nHTTP\/1\.1 200 OK\r\n[^]*got 5$/);
    expect(u.seen).toEqual(['PUT /w 5 expect=-']);
  });

  test('a declared body over the limit: 413 at once, no 100, nothing upstream', async () => {
    const u = await sizeEcho();
    const rws = await serveRwsfile(rwsfile(`  request_body {\n    max_size 1KB\n  }\n  reverse_proxy ${hostPort(u.url)}`));
    const res = await expectingClient(rws.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000', 'x'.repeat(5000));
    expect(res.sawContinue).toBe(false);
    expect(res.sentBody).toBe(false);
    expect(res.text.startsWith('HTTP/1.1 413 ')).toBe(true);
    expect(u.seen).toEqual([]);
  });

  test('a route that answers without reading the body: no 100, and the connection is not reused', async () => {
    const rws = await serveRwsfile(rwsfile('  respond "no thanks" 403'));
    const res = await expectingClient(rws.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5', 'hello');
    expect(res.sawContinue).toBe(false);
    expect(res.sentBody).toBe(false);
    expect(res.text.startsWith('HTTP/1.1 403 ')).toBe(true);
    expect(res.text).toContain('no thanks');
  });

  test('an unreachable upstream: 502 without a 100', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const rws = await serveRwsfile(rwsfile(`  reverse_proxy 127.0.0.1:${port}`));
    const res = await expectingClient(rws.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5', 'hello');
    expect(res.sawContinue).toBe(false);
    expect(res.text.startsWith('HTTP/1.1 502 ')).toBe(true);
  });

  describe('over HTTP/2', () => {
    let dir = '';
    beforeAll(() => {
      dir = certDir();
    });
    afterAll(() => removeCerts(dir));

    test('the 100 arrives before the body is sent, and the body goes through', async () => {
      const u = await sizeEcho();
      const files = selfSigned(dir, 'localhost', ['localhost']);
      const rws = await serveRwsfile(`{\n  admin off\n}\nhttps://localhost:0 {\n  tls ${files.certFile} ${files.keyFile}\n  reverse_proxy ${hostPort(u.url)}\n}\n`);
      const session = http2.connect(`https://localhost:${rws.port}`, { rejectUnauthorized: false });
      deferCleanup(async () => {
        session.destroy();
      });
      const stream = session.request({ ':method': 'POST', ':path': '/h2', expect: '100-continue', 'content-length': '4' });
      await once(stream, 'continue');
      stream.end('abcd');
      let body = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (body += c));
      await once(stream, 'end');
      expect(body).toBe('got 4');
      expect(u.seen).toEqual(['POST /h2 4 expect=-']);
    });

    test('a body over the limit: the final 413 without a 100', async () => {
      const u = await sizeEcho();
      const files = selfSigned(dir, 'localhost', ['localhost']);
      const rws = await serveRwsfile(
        `{\n  admin off\n}\nhttps://localhost:0 {\n  tls ${files.certFile} ${files.keyFile}\n  request_body {\n    max_size 1KB\n  }\n  reverse_proxy ${hostPort(u.url)}\n}\n`,
      );
      const session = http2.connect(`https://localhost:${rws.port}`, { rejectUnauthorized: false });
      deferCleanup(async () => {
        session.destroy();
      });
      const stream = session.request({ ':method': 'POST', ':path': '/big', expect: '100-continue', 'content-length': '5000' });
      let sawContinue = false;
      stream.on('continue', () => (sawContinue = true));
      stream.on('error', () => {});
      const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
      expect(headers[':status']).toBe(413);
      expect(sawContinue).toBe(false);
      expect(u.seen).toEqual([]);
    });
  });
});
