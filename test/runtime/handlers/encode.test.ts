import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { encodePlan, fileServerPlan, planWith, proxyPlan } from './fixtures/plan.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';

let root: string;
const TEXT = Array.from({ length: 2000 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`).join('');
const running: RunningRws[] = [];
const upstreams: http.Server[] = [];

function decode(coding: string | undefined, body: Buffer): string {
  switch (coding) {
    case 'gzip':
      return zlib.gunzipSync(body).toString();
    case 'br':
      return zlib.brotliDecompressSync(body).toString();
    case 'zstd':
      return zlib.zstdDecompressSync(body).toString();
    case undefined:
      return body.toString();
    default:
      throw new Error(`unexpected coding ${coding}`);
  }
}

async function serve(overrides: Parameters<typeof encodePlan>[0] = {}, files: Parameters<typeof fileServerPlan>[0] = {}): Promise<RunningRws> {
  const rws = await startRws(planWith([encodePlan(overrides), fileServerPlan({ root: [root], ...files })]));
  running.push(rws);
  return rws;
}

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await request(url, { headers, method });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rws-encode-'));
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'page.html'), TEXT);
  writeFileSync(join(root, 'data.json'), JSON.stringify({ items: TEXT.split('\n') }));
  writeFileSync(join(root, 'tiny.txt'), 'tiny');
  writeFileSync(join(root, 'photo.png'), Buffer.alloc(5000, 7));
  writeFileSync(join(root, 'doc.md'), TEXT);
});

afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  rmSync(root, { recursive: true, force: true });
});

describe('encode', () => {
  test.each(['gzip', 'br', 'zstd'])('%s: decoded by the client, equal to the original', async (coding) => {
    const rws = await serve();
    const res = await get(`${rws.url}/page.html`, { 'accept-encoding': coding });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['accept-ranges']).toBeUndefined();
    expect(String(res.headers['etag'])).toMatch(/^W\/"/);
    expect(res.body.length).toBeLessThan(TEXT.length / 4);
    expect(decode(coding, res.body)).toBe(TEXT);
  });

  test('q-values choose the coding; ties go to the server order', async () => {
    const rws = await serve({ encodings: ['zstd', 'br', 'gzip'] });
    const cases: [string, string | undefined][] = [
      ['gzip, br, zstd', 'zstd'],
      ['gzip;q=1, br;q=0.8', 'gzip'],
      ['br;q=0.2, gzip;q=0.1', 'br'],
      ['*', 'zstd'],
      ['*;q=0.5, gzip', 'gzip'],
      ['gzip;q=0, *', 'zstd'],
      ['*;q=0', undefined],
      ['identity', undefined],
      ['deflate', undefined],
      ['GZIP', 'gzip'],
      ['x-gzip', 'gzip'],
    ];
    for (const [accept, expected] of cases) {
      const res = await get(`${rws.url}/page.html`, { 'accept-encoding': accept });
      expect([accept, res.headers['content-encoding']]).toEqual([accept, expected]);
      expect(decode(expected, res.body)).toBe(TEXT);
    }
  });

  test('no Accept-Encoding: identity, still marked Vary', async () => {
    const rws = await serve();
    const res = await get(`${rws.url}/page.html`);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-length']).toBe(String(TEXT.length));
    expect(res.body.toString()).toBe(TEXT);
  });

  test('bodies shorter than the minimum length are left alone', async () => {
    const rws = await serve({ minLength: 100 });
    const res = await get(`${rws.url}/tiny.txt`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('tiny');
  });

  test('only compressible types are encoded; a custom list replaces the default', async () => {
    const rws = await serve();
    const png = await get(`${rws.url}/photo.png`, { 'accept-encoding': 'gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(5000);
    const json = await get(`${rws.url}/data.json`, { 'accept-encoding': 'gzip' });
    expect(json.headers['content-encoding']).toBe('gzip');

    const custom = await serve({ types: ['text/markdown'] });
    const md = await get(`${custom.url}/doc.md`, { 'accept-encoding': 'gzip' });
    expect(md.headers['content-encoding']).toBe('gzip');
    expect(decode('gzip', md.body)).toBe(TEXT);
    const html = await get(`${custom.url}/page.html`, { 'accept-encoding': 'gzip' });
    expect(html.headers['content-encoding']).toBeUndefined();
  });

  test('HEAD, 304 and 206 responses are untouched', async () => {
    const rws = await serve();
    const head = await get(`${rws.url}/page.html`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-length']).toBe(String(TEXT.length));

    const full = await get(`${rws.url}/page.html`, { 'accept-encoding': 'gzip' });
    const notModified = await get(`${rws.url}/page.html`, { 'accept-encoding': 'gzip', 'if-none-match': String(full.headers['etag']) });
    expect(notModified.status).toBe(304);
    expect(notModified.headers['content-encoding']).toBeUndefined();
    expect(notModified.body.length).toBe(0);

    const partial = await get(`${rws.url}/page.html`, { 'accept-encoding': 'gzip', range: 'bytes=0-9' });
    expect(partial.status).toBe(206);
    expect(partial.headers['content-encoding']).toBeUndefined();
    expect(partial.body.toString()).toBe(TEXT.slice(0, 10));
  });

  test('an already encoded response (precompressed file) is not encoded twice', async () => {
    writeFileSync(join(root, 'pre.css'), TEXT);
    writeFileSync(join(root, 'pre.css.gz'), zlib.gzipSync(TEXT));
    const rws = await serve({}, { precompressed: ['gzip'] });
    const res = await get(`${rws.url}/pre.css`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(decode('gzip', res.body)).toBe(TEXT);
  });

  test('server-sent events are flushed event by event through the compressor', { timeout: 10_000 }, async () => {
    // The upstream holds the second event back until the client has decoded the first one: without a flush
    // after each write the first event would sit in the compressor and this test would never finish.
    const gates: (() => void)[] = [];
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: first\n\n');
      void new Promise<void>((resolve) => gates.push(resolve)).then(() => res.end('data: second\n\n'));
    });
    upstreams.push(upstream);
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    const rws = await startRws(planWith([encodePlan({ minLength: 0 }), proxyPlan([`http://127.0.0.1:${port}`])]));
    running.push(rws);

    for (const coding of ['gzip', 'br', 'zstd'] as const) {
      const res = await request(`${rws.url}/events`, { headers: { 'accept-encoding': coding } });
      expect(res.headers['content-encoding']).toBe(coding);
      const decoder = coding === 'gzip' ? zlib.createGunzip() : coding === 'br' ? zlib.createBrotliDecompress() : zlib.createZstdDecompress();
      res.body.pipe(decoder).setEncoding('utf8');
      const reader = decoder[Symbol.asyncIterator]();
      expect((await reader.next()).value).toBe('data: first\n\n');
      expect(gates).toHaveLength(1);
      gates.shift()!();
      let rest = '';
      for (let next = await reader.next(); !next.done; next = await reader.next()) rest += String(next.value);
      expect(rest).toBe('data: second\n\n');
    }
  });
});
