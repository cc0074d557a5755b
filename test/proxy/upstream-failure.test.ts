/**
 * An upstream process killed (SIGKILL, by PID) in the middle of a response: the client sees a broken
 * response — an HTTP/1.1 connection closed before the body's end, an HTTP/2 stream reset — never a
 * truncated body that looks complete; killed before its head, the client gets a clean 502. rws keeps serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups } from '../runtime/handlers/fixtures/cleanups.ts';
import { certDir, removeCerts, selfSigned } from '../runtime/support/certs.ts';
import { eventually } from '../runtime/handlers/fixtures/upstream.ts';
import { serveRwsfile } from './support.ts';

afterEach(runCleanups);

/**
 * An upstream in its own process: `/stream` sends a head and a first chunk of a `mode` body (`chunked`, or
 * `sized` with a Content-Length of 1 MB) and then nothing; `/head` never answers (it says `head`). Prints
 * its port first.
 */
const UPSTREAM = `
const http = require('node:http');
const mode = process.argv[1];
http.createServer((req, res) => {
  if (req.url === '/head') return void process.stdout.write('head\\n');
  res.writeHead(200, mode === 'sized' ? { 'content-length': String(1 << 20) } : {});
  res.write('first chunk;');
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

async function upstreamProcess(mode: 'chunked' | 'sized'): Promise<{ port: number; kill: () => Promise<void>; said: () => Promise<string> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', UPSTREAM, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  deferCleanup(kill);
  const out = child.stdout!.setEncoding('utf8');
  const said = async (): Promise<string> => String(((await once(out, 'data')) as [string])[0]).trim();
  const port = Number(await said());
  return { port, kill, said };
}

const site = (port: number, scheme = 'http://127.0.0.1:0', tls = '') =>
  `{\n  admin off\n}\n${scheme} {\n${tls}  respond /ok "still serving"\n  reverse_proxy 127.0.0.1:${port}\n}\n`;

describe('an upstream killed mid-response', () => {
  test.each(['chunked', 'sized'] as const)('HTTP/1.1 client, %s body: the response breaks, rws keeps serving', async (mode) => {
    const up = await upstreamProcess(mode);
    const rws = await serveRwsfile(site(up.port));
    const res = await request(`${rws.url}/stream`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const [first] = (await once(body, 'data')) as [Buffer];
    expect(first.toString()).toBe('first chunk;');
    await up.kill();
    await expect(body.text()).rejects.toThrow();
    expect(await eventually(() => rws.logs.some((l) => l.msg === 'upstream response failed mid-body'))).toBe(true);
    expect(await (await request(`${rws.url}/ok`)).body.text()).toBe('still serving');
  });

  test('killed before its head: a clean 502 with the request id', async () => {
    const up = await upstreamProcess('chunked');
    const rws = await serveRwsfile(site(up.port));
    const pending = request(`${rws.url}/head`);
    expect(await up.said()).toBe('head');
    await up.kill();
    const res = await pending;
    expect(res.statusCode).toBe(502);
    expect(await res.body.text()).toMatch(/502 Bad Gateway/);
  });

  describe('HTTP/2 client', () => {
    let dir = '';
    beforeAll(() => {
      dir = certDir();
    });
    afterAll(() => removeCerts(dir));

    test('the stream is reset (CANCEL), not ended normally', async () => {
      const up = await upstreamProcess('chunked');
      const files = selfSigned(dir, 'localhost', ['localhost']);
      const rws = await serveRwsfile(site(up.port, 'https://localhost:0', `  tls ${files.certFile} ${files.keyFile}\n`));
      const session = http2.connect(`https://localhost:${rws.port}`, { rejectUnauthorized: false });
      deferCleanup(async () => {
        session.destroy();
      });
      const stream = session.request({ ':path': '/stream' });
      stream.on('error', () => {});
      const [first] = (await once(stream, 'data')) as [Buffer];
      expect(first.toString()).toBe('first chunk;');
      const closed = once(stream, 'close');
      await up.kill();
      await closed;
      // RST_STREAM, not an END_STREAM flag: the client can tell the body is incomplete.
      expect(stream.rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
    });
  });
});
