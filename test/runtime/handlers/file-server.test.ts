import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileServerPlan, planWith } from './fixtures/plan.ts';
import { rawGet } from './fixtures/raw-http.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';

let base: string;
let root: string;
const big = randomBytes(300_000);
const CSS = 'body { color: red; }\n'.repeat(50);
const running: RunningRws[] = [];

async function serve(overrides: Parameters<typeof fileServerPlan>[0] = {}): Promise<RunningRws> {
  const rws = await startRws(planWith([fileServerPlan({ root: [root], ...overrides })]));
  running.push(rws);
  return rws;
}

function write(rel: string, content: string | Buffer): void {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'rws-fs-'));
  root = join(base, 'site');
  mkdirSync(root);
  write('index.html', '<h1>home</h1>\n');
  write('hello.txt', 'hello world\n');
  write('data.json', '{"a":1}');
  write('big.bin', big);
  write('style.css', CSS);
  write('style.css.gz', gzipSync(CSS));
  write('style.css.br', brotliCompressSync(CSS));
  write('.env', 'SECRET=dotfile');
  write('.git/config', 'SECRET=git');
  write('secret.key', 'SECRET=key');
  write('private/notes.txt', 'SECRET=private');
  write('docs/index.html', '<h1>docs</h1>\n');
  write('list/b.txt', 'b');
  write('list/a <script>.txt', 'a');
  write('list/z-dir/x.txt', 'x');
  write('list/10.txt', '10');
  write('list/9.txt', '9');
  write('list/.hidden', 'h');
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), 'SECRET=outside');
  symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(join(base, 'outside'), join(root, 'link-out-dir'));
  symlinkSync(join(root, 'hello.txt'), join(root, 'link-in.txt'));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  rmSync(base, { recursive: true, force: true });
});

describe('files', () => {
  test('GET serves the file with type, length, validators and Accept-Ranges', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('hello world\n');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('12');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['etag']).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    expect(res.headers['last-modified']).toBe(new Date(Math.floor(statSync(join(root, 'hello.txt')).mtimeMs / 1000) * 1000).toUTCString());
  });

  test('content types come from the extension', async () => {
    const rws = await serve();
    const json = await request(`${rws.url}/data.json`);
    await json.body.dump();
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const bin = await request(`${rws.url}/big.bin`);
    await bin.body.dump();
    expect(bin.headers['content-type']).toBe('application/octet-stream');
  });

  test('a large file streams intact', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/big.bin`);
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'));
  });

  test('HEAD answers the same head without a body', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { method: 'HEAD' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('12');
    expect(res.headers['etag']).toBeDefined();
    expect(await res.body.text()).toBe('');
  });

  test('methods other than GET and HEAD get 405 with Allow', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { method: 'POST', body: 'x' });
    await res.body.dump();
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
  });

  test('a missing file is 404, or falls through to the next handler with pass_thru', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/nope.txt`);
    await res.body.dump();
    expect(res.statusCode).toBe(404);

    const thru = await startRws(
      planWith([fileServerPlan({ root: [root], passThru: true }), { kind: 'respond', status: 200, body: ['fallback'], headers: [], close: false }]),
    );
    running.push(thru);
    const fallback = await request(`${thru.url}/nope.txt`);
    expect(fallback.statusCode).toBe(200);
    expect(await fallback.body.text()).toBe('fallback');
    const found = await request(`${thru.url}/hello.txt`);
    expect(await found.body.text()).toBe('hello world\n');
  });

  test('status overrides 200 (error pages), for any method', async () => {
    const rws = await serve({ status: 503 });
    const res = await request(`${rws.url}/hello.txt`, { method: 'POST', body: 'x' });
    expect(res.statusCode).toBe(503);
    expect(await res.body.text()).toBe('hello world\n');
  });

  test('the root comes from the plan, else from the request root', async () => {
    const rws = await startRws(
      planWith([{ kind: 'root', path: [join(root, 'docs')] }, fileServerPlan()]),
    );
    running.push(rws);
    const res = await request(`${rws.url}/`);
    expect(await res.body.text()).toBe('<h1>docs</h1>\n');
  });
});

describe('conditional requests', () => {
  test('If-None-Match with the ETag (strong or weak) answers 304', async () => {
    const rws = await serve();
    const first = await request(`${rws.url}/hello.txt`);
    await first.body.dump();
    const etag = String(first.headers['etag']);
    for (const value of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await request(`${rws.url}/hello.txt`, { headers: { 'if-none-match': value } });
      expect(await res.body.text()).toBe('');
      expect(res.statusCode).toBe(304);
      expect(res.headers['etag']).toBe(etag);
    }
    const other = await request(`${rws.url}/hello.txt`, { headers: { 'if-none-match': '"nope"' } });
    expect(other.statusCode).toBe(200);
    await other.body.dump();
  });

  test('If-Modified-Since answers 304 unless the file is newer', async () => {
    const rws = await serve();
    const first = await request(`${rws.url}/hello.txt`);
    await first.body.dump();
    const lastModified = String(first.headers['last-modified']);
    const same = await request(`${rws.url}/hello.txt`, { headers: { 'if-modified-since': lastModified } });
    await same.body.dump();
    expect(same.statusCode).toBe(304);
    const older = await request(`${rws.url}/hello.txt`, { headers: { 'if-modified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' } });
    expect(older.statusCode).toBe(200);
    expect(await older.body.text()).toBe('hello world\n');
  });

  test('If-Match and If-Unmodified-Since that fail answer 412', async () => {
    const rws = await serve();
    const noMatch = await request(`${rws.url}/hello.txt`, { headers: { 'if-match': '"nope"' } });
    await noMatch.body.dump();
    expect(noMatch.statusCode).toBe(412);
    const old = await request(`${rws.url}/hello.txt`, { headers: { 'if-unmodified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' } });
    await old.body.dump();
    expect(old.statusCode).toBe(412);
    const first = await request(`${rws.url}/hello.txt`);
    await first.body.dump();
    const ok = await request(`${rws.url}/hello.txt`, { headers: { 'if-match': String(first.headers['etag']) } });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
  });
});

describe('ranges', () => {
  test('a single range answers 206 with Content-Range', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=0-4' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 0-4/12');
    expect(res.headers['content-length']).toBe('5');
    expect(await res.body.text()).toBe('hello');
    const suffix = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=-6' } });
    expect(await suffix.body.text()).toBe('world\n');
    const open = await request(`${rws.url}/big.bin`, { headers: { range: 'bytes=299990-' } });
    expect(open.headers['content-range']).toBe('bytes 299990-299999/300000');
    expect(Buffer.from(await open.body.arrayBuffer())).toEqual(big.subarray(299990));
  });

  test('an unsatisfiable range answers 416 with bytes */size', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=100-200' } });
    await res.body.dump();
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */12');
  });

  test('a malformed Range header is ignored', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=5-1' } });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('hello world\n');
  });

  test('several ranges answer multipart/byteranges', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=0-1, 6-7' } });
    expect(res.statusCode).toBe(206);
    const type = String(res.headers['content-type']);
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(type)?.[1];
    expect(boundary).toBeDefined();
    const body = await res.body.text();
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(body));
    const parts = body.split(`--${boundary}`);
    expect(parts.at(-1)).toBe('--\r\n');
    expect(parts[1]).toBe('\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/12\r\n\r\nhe\r\n');
    expect(parts[2]).toBe('\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 6-7/12\r\n\r\nwo\r\n');
  });

  test('If-Range: a matching validator keeps the range, a stale one gets the whole file', async () => {
    const rws = await serve();
    const first = await request(`${rws.url}/hello.txt`);
    await first.body.dump();
    const matching = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=0-4', 'if-range': String(first.headers['etag']) } });
    expect(matching.statusCode).toBe(206);
    expect(await matching.body.text()).toBe('hello');
    const byDate = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=0-4', 'if-range': String(first.headers['last-modified']) } });
    expect(byDate.statusCode).toBe(206);
    await byDate.body.dump();
    const stale = await request(`${rws.url}/hello.txt`, { headers: { range: 'bytes=0-4', 'if-range': '"stale"' } });
    expect(stale.statusCode).toBe(200);
    expect(await stale.body.text()).toBe('hello world\n');
  });
});

describe('directories', () => {
  test('index files are served for a directory', async () => {
    const rws = await serve();
    const home = await request(`${rws.url}/`);
    expect(await home.body.text()).toBe('<h1>home</h1>\n');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    const docs = await request(`${rws.url}/docs/`);
    expect(await docs.body.text()).toBe('<h1>docs</h1>\n');
  });

  test('a directory without its trailing slash redirects with 308, keeping the query', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/docs?x=1&y=2`);
    await res.body.dump();
    expect(res.statusCode).toBe(308);
    expect(res.headers['location']).toBe('/docs/?x=1&y=2');
    const sneaky = await rawGet(rws.port, '//docs');
    expect(sneaky.status).toBe(308);
    expect(sneaky.headers['location']).toBe('/docs/');
  });

  test('without index and browse, a directory is 404', async () => {
    const rws = await serve();
    const res = await request(`${rws.url}/list/`);
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  });

  test('browse lists entries as HTML: escaped, directories first, natural order, no hidden entries', async () => {
    const rws = await serve({ browse: true, hide: ['b.txt'] });
    const res = await request(`${rws.url}/list/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = await res.body.text();
    expect(html).toContain('Index of /list/');
    expect(html).toContain('a &lt;script&gt;.txt');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="a%20%3Cscript%3E.txt"');
    expect(html).not.toContain('.hidden');
    expect(html).not.toContain('b.txt');
    const order = ['z-dir/', '9.txt', '10.txt', 'a &lt;script&gt;.txt'].map((n) => html.indexOf(`>${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('browse answers JSON when the client asks for it', async () => {
    const rws = await serve({ browse: true });
    const res = await request(`${rws.url}/list/`, { headers: { accept: 'application/json' } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const entries = (await res.body.json()) as { name: string; isDir: boolean; size: number; url: string }[];
    expect(entries.map((e) => e.name)).toEqual(['z-dir', '9.txt', '10.txt', 'a <script>.txt', 'b.txt']);
    expect(entries[0]).toMatchObject({ isDir: true, url: 'z-dir/' });
    expect(entries.find((e) => e.name === '10.txt')).toMatchObject({ isDir: false, size: 2 });
  });
});

describe('what is never served', () => {
  const leaks = (body: string) => body.includes('SECRET');

  test.each([
    '/../outside/secret.txt',
    '/%2e%2e/outside/secret.txt',
    '/..%2foutside%2fsecret.txt',
    '/list/..%2f..%2f..%2foutside/secret.txt',
    '/%2E%2E%2F%2E%2E%2Foutside/secret.txt',
    '/list/%2e%2e/%2e%2e/outside/secret.txt',
    '/..\\outside\\secret.txt',
    '/hello.txt%00.png',
  ])('traversal %s stays inside the root', async (target) => {
    const rws = await serve({ browse: true });
    const res = await rawGet(rws.port, target);
    expect(leaks(res.body)).toBe(false);
    expect([400, 404]).toContain(res.status);
  });

  test.each(['/.env', '/.git/config', '/%2eenv', '/list/.hidden', '/.git/'])('dotfile %s is 404', async (target) => {
    const rws = await serve({ browse: true });
    const res = await rawGet(rws.port, target);
    expect(res.status).toBe(404);
    expect(leaks(res.body)).toBe(false);
  });

  test('hide globs: by name anywhere, and by path relative to the root (hiding a directory hides its files)', async () => {
    const rws = await serve({ hide: ['*.key', 'private'] });
    for (const target of ['/secret.key', '/private/notes.txt', '/private/']) {
      const res = await rawGet(rws.port, target);
      expect(res.status).toBe(404);
      expect(leaks(res.body)).toBe(false);
    }
    const visible = await request(`${rws.url}/hello.txt`);
    expect(visible.statusCode).toBe(200);
    await visible.body.dump();
  });

  test('symlinks leaving the root are refused; symlinks inside it work', async () => {
    const rws = await serve({ browse: true });
    for (const target of ['/link-out.txt', '/link-out-dir/secret.txt', '/link-out-dir/']) {
      const res = await rawGet(rws.port, target);
      expect(res.status).toBe(404);
      expect(leaks(res.body)).toBe(false);
    }
    const inside = await request(`${rws.url}/link-in.txt`);
    expect(await inside.body.text()).toBe('hello world\n');
  });
});

describe('precompressed files', () => {
  test('the sibling the client accepts best is served with Content-Encoding and the original type', async () => {
    const rws = await serve({ precompressed: ['br', 'gzip'] });
    const br = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(Buffer.from(await br.body.arrayBuffer())).toEqual(brotliCompressSync(CSS));

    const gz = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'gzip, br;q=0.5' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Buffer.from(await gz.body.arrayBuffer())).toEqual(gzipSync(CSS));

    const plain = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(await plain.body.text()).toBe(CSS);

    const tags = new Set([br.headers['etag'], gz.headers['etag'], plain.headers['etag']]);
    expect(tags.size).toBe(3);
  });

  test('a coding without a sibling file falls back to the next one', async () => {
    const rws = await serve({ precompressed: ['zstd', 'gzip'] });
    const res = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'zstd, gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    await res.body.dump();
  });

  test('304 for a precompressed representation uses its own ETag', async () => {
    const rws = await serve({ precompressed: ['br', 'gzip'] });
    const first = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'br' } });
    await first.body.dump();
    const again = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers['etag']) } });
    expect(again.statusCode).toBe(304);
    await again.body.dump();
    const otherCoding = await request(`${rws.url}/style.css`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers['etag']) } });
    expect(otherCoding.statusCode).toBe(200);
    await otherCoding.body.dump();
  });
});
