import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { FileCache, MAX_CACHED_FILE_BYTES, RACY_WINDOW_MS } from '../../../runtime/handlers/static/file-cache.ts';
import { fileServerPlan, planWith } from './fixtures/plan.ts';
import { rawGet } from './fixtures/raw-http.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';

let base: string;
let root: string;
let outside: string;
const big = randomBytes(MAX_CACHED_FILE_BYTES + 1000);
const CSS = 'p { margin: 0; }\n'.repeat(40);
const running: RunningRws[] = [];

function write(rel: string, content: string | Buffer): string {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

/**
 * Waits until every file under test is older than the racy window, so the server keeps what it reads
 * (a file changed within the window is served but never cached). Bounded.
 */
async function settle(paths: readonly string[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const newest = Math.max(...paths.map((p) => Math.max(statSync(p).mtimeMs, statSync(p).ctimeMs)));
    if (Date.now() - newest > RACY_WINDOW_MS + 50) return;
    await sleep(50);
  }
  throw new Error('files never became old enough to cache');
}

async function serve(overrides: Parameters<typeof fileServerPlan>[0] = {}): Promise<RunningRws> {
  const rws = await startRws(planWith([fileServerPlan({ root: [root], ...overrides })]));
  running.push(rws);
  return rws;
}

/** Counts the server's `open` calls per path (the runtime runs in this process and shares node:fs/promises). */
function countOpens(): (abs: string) => number {
  const spy = vi.spyOn(fsp, 'open');
  return (abs) => spy.mock.calls.filter(([p]) => p === abs).length;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string | undefined; body: Buffer; headers: Record<string, unknown> }> {
  const res = await request(url, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  const etag = res.headers['etag'];
  return { status: res.statusCode, etag: typeof etag === 'string' ? etag : undefined, body, headers: res.headers };
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rws-fs-cache-'));
  root = join(base, 'site');
  outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'SECRET=outside\n');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'index.html'), 'SECRET=outside index\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'up.txt'));
  const files = [
    join(outside, 'secret.txt'),
    write('memory.txt', 'from memory\n'),
    write('fresh.txt', 'version one\n'),
    write('swap.txt', 'inside\n'),
    write('hardlinked.txt', 'SECRET=hardlinked\n'),
    write('gone.txt', 'soon gone\n'),
    write('swap-dir/index.html', '<h1>inside</h1>\n'),
    write('big.bin', big),
    write('swap-big.bin', big),
    write('style.css', CSS),
    write('style.css.gz', gzipSync(CSS)),
  ];
  await settle(files);
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  rmSync(base, { recursive: true, force: true });
});

describe('file_server cache', () => {
  test('a small file is answered from memory after the first request: GET, HEAD, ranges, 304', async () => {
    const rws = await serve();
    const opens = countOpens();
    const abs = join(root, 'memory.txt');
    const first = await get(`${rws.url}/memory.txt`);
    expect(first.body.toString()).toBe('from memory\n');
    expect(opens(abs)).toBe(1);

    const again = await get(`${rws.url}/memory.txt`);
    expect(again.body.toString()).toBe('from memory\n');
    expect(again.etag).toBe(first.etag);
    const head = await request(`${rws.url}/memory.txt`, { method: 'HEAD' });
    expect(head.headers['content-length']).toBe('12');
    expect(await head.body.text()).toBe('');
    const range = await get(`${rws.url}/memory.txt`, { range: 'bytes=5-10' });
    expect(range.status).toBe(206);
    expect(range.body.toString()).toBe('memory');
    const multi = await get(`${rws.url}/memory.txt`, { range: 'bytes=0-3,5-10' });
    expect(multi.status).toBe(206);
    expect(Number(multi.headers['content-length'])).toBe(multi.body.length);
    expect(multi.body.toString()).toContain('\r\nfrom\r\n');
    expect(multi.body.toString()).toContain('\r\nmemory\r\n');
    const notModified = await get(`${rws.url}/memory.txt`, { 'if-none-match': first.etag ?? '' });
    expect(notModified.status).toBe(304);
    expect(opens(abs)).toBe(1);
  });

  test('a file modified between two requests is served fresh, with a new ETag', async () => {
    const rws = await serve();
    const abs = join(root, 'fresh.txt');
    const one = await get(`${rws.url}/fresh.txt`);
    expect(one.body.toString()).toBe('version one\n');

    // Same length, so only the timestamps and the content tell the versions apart.
    writeFileSync(abs, 'version two\n');
    const two = await get(`${rws.url}/fresh.txt`);
    expect(two.body.toString()).toBe('version two\n');
    expect(two.etag).not.toBe(one.etag);
    const stale = await get(`${rws.url}/fresh.txt`, { 'if-none-match': one.etag ?? '' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe('version two\n');

    writeFileSync(abs, 'version three, longer\n');
    const three = await get(`${rws.url}/fresh.txt`);
    expect(three.body.toString()).toBe('version three, longer\n');
    expect(three.headers['content-length']).toBe('22');
    expect(new Set([one.etag, two.etag, three.etag]).size).toBe(3);
  });

  test.each(['swap.txt', 'swap-big.bin'])('a cached file (%s) replaced by a symlink leaving the root is refused', async (name) => {
    const rws = await serve();
    const abs = join(root, name);
    for (let i = 0; i < 2; i++) expect((await get(`${rws.url}/${name}`)).status).toBe(200);

    unlinkSync(abs);
    symlinkSync(join(outside, 'secret.txt'), abs);
    const res = await rawGet(rws.port, `/${name}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });

  test('a cached file moved out of the root and linked back by symlink is refused (same inode)', async () => {
    const rws = await serve();
    const abs = join(root, 'hardlinked.txt');
    expect((await get(`${rws.url}/hardlinked.txt`)).status).toBe(200);

    // The very same inode, now reached through a path outside the root.
    const moved = join(outside, 'hardlinked.txt');
    linkSync(abs, moved);
    unlinkSync(abs);
    symlinkSync(moved, abs);
    const res = await rawGet(rws.port, '/hardlinked.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });

  test('a directory whose index was served, swapped for a symlink leaving the root, is refused', async () => {
    const rws = await serve();
    expect((await get(`${rws.url}/swap-dir/`)).body.toString()).toBe('<h1>inside</h1>\n');

    renameSync(join(root, 'swap-dir'), join(base, 'old-swap-dir'));
    symlinkSync(join(outside, 'dir'), join(root, 'swap-dir'));
    for (const target of ['/swap-dir/', '/swap-dir/index.html', '/swap-dir']) {
      const res = await rawGet(rws.port, target);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('SECRET');
    }
  });

  test('a cached file that is deleted is 404', async () => {
    const rws = await serve();
    expect((await get(`${rws.url}/gone.txt`)).status).toBe(200);
    unlinkSync(join(root, 'gone.txt'));
    expect((await get(`${rws.url}/gone.txt`)).status).toBe(404);
  });

  test('a path checked under one root is checked again under another (roots from placeholders)', async () => {
    const rws = await serve({ root: [base, '/', { ph: 'header', name: 'x-root' }] });
    // base/site/up.txt -> base/outside/secret.txt: under the root "base" it stays inside, under "base/site" it does not.
    expect((await get(`${rws.url}/site/up.txt`, { 'x-root': '' })).body.toString()).toBe('SECRET=outside\n');
    const res = await get(`${rws.url}/up.txt`, { 'x-root': 'site' });
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('SECRET');
  });

  test('a file larger than the cache limit streams from disk on every request', async () => {
    const rws = await serve();
    const opens = countOpens();
    const abs = join(root, 'big.bin');
    const digest = createHash('sha256').update(big).digest('hex');
    for (let i = 1; i <= 2; i++) {
      const res = await get(`${rws.url}/big.bin`);
      expect(res.headers['content-length']).toBe(String(big.length));
      expect(createHash('sha256').update(res.body).digest('hex')).toBe(digest);
      expect(opens(abs)).toBe(i);
    }
    const tail = await get(`${rws.url}/big.bin`, { range: `bytes=${big.length - 10}-` });
    expect(tail.status).toBe(206);
    expect(tail.body).toEqual(big.subarray(big.length - 10));
  });

  test('a precompressed sibling is cached too, with its own ETag', async () => {
    const rws = await serve({ precompressed: ['gzip'] });
    const opens = countOpens();
    const gz = join(root, 'style.css.gz');
    for (let i = 0; i < 2; i++) {
      const res = await get(`${rws.url}/style.css`, { 'accept-encoding': 'gzip' });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body).toEqual(gzipSync(CSS));
      expect(res.etag).toMatch(/-gzip"$/);
    }
    const plain = await get(`${rws.url}/style.css`, { 'accept-encoding': 'identity' });
    expect(plain.body.toString()).toBe(CSS);
    expect(plain.etag).not.toMatch(/-gzip"$/);
    expect(opens(gz)).toBe(1);
  });
});

describe('FileCache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rws-file-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, bytes: number): { abs: string; content: Buffer } {
    const abs = join(dir, name);
    const content = randomBytes(bytes);
    writeFileSync(abs, content);
    return { abs, content };
  }

  test('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new FileCache({ budgetBytes: 3 * 10_000, racyWindowMs: 0 });
    const files = ['a', 'b', 'c', 'd'].map((n) => file(n, 9_000));
    const [a, b, c, d] = files;
    for (const f of [a, b, c]) cache.rememberFile(dir, f.abs, statSync(f.abs), f.content, Date.now());
    expect(cache.get(dir, a.abs, statSync(a.abs))?.kind).toBe('file'); // a is now the most recently used
    cache.rememberFile(dir, d.abs, statSync(d.abs), d.content, Date.now());

    expect(cache.get(dir, b.abs, statSync(b.abs))).toBeNull();
    for (const f of [a, c, d]) {
      const entry = cache.get(dir, f.abs, statSync(f.abs));
      expect(entry?.kind === 'file' ? entry.content : null).toEqual(f.content);
    }
    expect(cache.heldBytes).toBeLessThanOrEqual(30_000);
    expect(cache.heldBytes).toBeGreaterThan(27_000);
  });

  test('keeps no content for files over the size limit or changed within the racy window', () => {
    const large = file('large', 2_000);
    const small = file('small', 100);
    const cache = new FileCache({ maxFileBytes: 1_000 });
    const kept = (f: { abs: string }) => {
      const entry = cache.get(dir, f.abs, statSync(f.abs));
      return entry?.kind === 'file' ? entry.content : 'absent';
    };
    cache.rememberFile(dir, large.abs, statSync(large.abs), large.content, Date.now() + RACY_WINDOW_MS);
    expect(kept(large)).toBeNull();
    cache.rememberFile(dir, small.abs, statSync(small.abs), small.content, Date.now());
    expect(kept(small)).toBeNull();
    cache.rememberFile(dir, small.abs, statSync(small.abs), small.content, Date.now() + RACY_WINDOW_MS);
    expect(kept(small)).toEqual(small.content);
  });

  test('an entry serves only the root it was checked under', () => {
    const f = file('rooted', 10);
    const cache = new FileCache({ racyWindowMs: 0 });
    cache.rememberFile(dir, f.abs, statSync(f.abs), f.content, Date.now());
    expect(cache.get(join(dir, 'sub'), f.abs, statSync(f.abs))).toBeNull();
    expect(cache.get(dir, f.abs, statSync(f.abs))?.kind).toBe('file');
  });

  test('drops an entry once a stat shows another identity', () => {
    const f = file('changing', 10);
    const cache = new FileCache({ racyWindowMs: 0 });
    cache.rememberFile(dir, f.abs, statSync(f.abs), f.content, Date.now());
    writeFileSync(f.abs, 'other size!');
    expect(cache.get(dir, f.abs, statSync(f.abs))).toBeNull();
    expect(cache.heldBytes).toBe(0);
  });
});
