import { createHash } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';

// One rws process with several sites on one port, static files and a proxied upstream, driven by real clients.
let rws: RwsProcess;
let upstream: HttpServer;
let port: number;
let dir: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (c: Buffer) => {
      hash.update(c);
      size += c.length;
    });
    req.on('end', () => {
      const body = Buffer.alloc(size, 'x');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'x-got-sha256': hash.digest('hex'),
        'x-got-xff': String(req.headers['x-forwarded-for'] ?? ''),
        'x-got-host': String(req.headers.host ?? ''),
        'x-got-url': req.url ?? '',
      });
      res.end(body);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const upPort = (upstream.address() as AddressInfo).port;
  dir = tempDir({ 'index.html': '<h1>home</h1>\n', 'big.txt': 'abcdefghijklmnopqrstuvwxyz'.repeat(400) });
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	default_bind 127.0.0.1
}

http://a.test:0 {
	respond "site a on {host}"
}

http://b.test:0 {
	@api path /api/*
	reverse_proxy @api 127.0.0.1:${upPort}
	file_server {
		root ${dir}
	}
}

http://*.wild.test:0 {
	respond "wildcard {labels.2}"
}

http://:0 {
	respond "fallback for {host}" 421
}
`,
  );
  rws = await startRws(dir);
  const listeners = rws.listening();
  expect(listeners).toHaveLength(1);
  port = listeners[0].port;
});

afterAll(async () => {
  await rws?.stop();
  await new Promise((r) => upstream?.close(r));
});

function get(host: string, path: string, headers: Record<string, string> = {}) {
  return request(`http://127.0.0.1:${port}${path}`, { headers: { host, ...headers } });
}

describe('several sites on one port', () => {
  it('chooses the site by exact host, wildcard and catch-all', async () => {
    const a = await get('a.test', '/');
    expect(a.statusCode).toBe(200);
    expect(await a.body.text()).toBe('site a on a.test');
    const w = await get('Deep.Wild.Test.', '/');
    expect(await w.body.text()).toBe('wildcard deep');
    const other = await get('unknown.example', '/');
    expect(other.statusCode).toBe(421);
    expect(await other.body.text()).toBe('fallback for unknown.example');
  });
});

describe('static files', () => {
  it('serves index files, Range requests and 304 on a matching ETag', async () => {
    const home = await get('b.test', '/');
    expect(home.statusCode).toBe(200);
    expect(await home.body.text()).toBe('<h1>home</h1>\n');

    const full = await get('b.test', '/big.txt');
    const etag = String(full.headers.etag);
    expect(etag).toMatch(/^"/);
    await full.body.dump();

    const part = await get('b.test', '/big.txt', { range: 'bytes=26-51' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 26-51/${26 * 400}`);
    expect(await part.body.text()).toBe('abcdefghijklmnopqrstuvwxyz');

    const cached = await get('b.test', '/big.txt', { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(await cached.body.text()).toBe('');
  });

  it('never serves outside the root', async () => {
    const r = await get('b.test', '/../../../etc/passwd');
    expect(r.statusCode).toBe(404);
    await r.body.dump();
    const enc = await get('b.test', '/%2e%2e/%2e%2e/etc/passwd');
    expect([400, 404]).toContain(enc.statusCode);
    await enc.body.dump();
  });
});

describe('reverse proxy', () => {
  it('streams a request body up and a response body down, with X-Forwarded-For', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const r = await request(`http://127.0.0.1:${port}/api/upload?x=1`, { method: 'POST', headers: { host: 'b.test' }, body: payload });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-got-sha256']).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(r.headers['x-got-xff']).toBe('127.0.0.1');
    expect(r.headers['x-got-host']).toBe('b.test');
    expect(r.headers['x-got-url']).toBe('/api/upload?x=1');
    const back = Buffer.from(await r.body.arrayBuffer());
    expect(back.length).toBe(payload.length);
  });
});
