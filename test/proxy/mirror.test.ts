/**
 * Request mirroring: copies (body included) reach the shadow pool while the client gets the primary's
 * answer; a mirror that never answers, refuses, or reads slowly changes nothing for the client; a share
 * below 100% copies about that share.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request } from 'undici';
import { afterEach, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { refusedPort } from '../runtime/handlers/fixtures/upstream.ts';
import { hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

function rwsfile(primary: string, shadow: string, percent = ''): string {
  return `{\n  admin off\n  upstream shadow {\n    to ${shadow}\n  }\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${primary} {\n    mirror shadow${percent === '' ? '' : ` ${percent}`}\n  }\n}\n`;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

test('every request is copied to the mirror, body and headers included; the client gets the primary\'s answer', async () => {
  const copies: { method: string; url: string; body: string; header: string | undefined }[] = [];
  const primary = await trackedUpstream(async (req, res) => res.end(`primary ${sha(await readAll(req))}`));
  const shadow = await trackedUpstream(async (req, res) => {
    copies.push({ method: req.method!, url: req.url!, body: sha(await readAll(req)), header: req.headers['x-test'] as string | undefined });
    res.end('shadow');
  });
  const rws = await serveRwsfile(rwsfile(hostPort(primary.url), hostPort(shadow.url)));
  const body = Buffer.alloc(3 << 20, 7); // larger than the stream buffers: the tee is exercised
  const res = await request(`${rws.url}/upload?x=1`, { method: 'POST', body, headers: { 'x-test': 'yes' } });
  expect(await res.body.text()).toBe(`primary ${sha(body)}`);
  const get = await request(`${rws.url}/page`);
  expect(await get.body.text()).toBe(`primary ${sha('')}`);
  await expect.poll(() => copies.length, { timeout: 5000 }).toBe(2);
  expect(copies).toContainEqual({ method: 'POST', url: '/upload?x=1', body: sha(body), header: 'yes' });
  expect(copies).toContainEqual({ method: 'GET', url: '/page', body: sha(''), header: undefined });
});

test('a mirror that never answers or refuses connections does not slow or break the primary', async () => {
  const primary = await trackedUpstream(async (req, res) => res.end(`ok ${(await readAll(req)).length}`));
  const stuck: (() => void)[] = [];
  const hanging = await trackedUpstream((req, res) => {
    // Reads nothing and never answers.
    req.pause();
    stuck.push(() => res.destroy());
  });
  for (const shadow of [hostPort(hanging.url), `127.0.0.1:${await refusedPort()}`]) {
    const rws = await serveRwsfile(rwsfile(hostPort(primary.url), shadow));
    for (let i = 0; i < 20; i++) {
      const res = await request(`${rws.url}/`, { method: 'POST', body: Buffer.alloc(256 << 10, 1) });
      expect(await res.body.text()).toBe(`ok ${256 << 10}`);
      expect(res.statusCode).toBe(200);
    }
    await rws.close();
  }
  expect(stuck.length).toBeGreaterThan(0);
  for (const release of stuck) release();
});

test('a share of 30% copies about 30% of 400 requests (±8%)', async () => {
  let copied = 0;
  const primary = await trackedUpstream((_req, res) => res.end('p'));
  const shadow = await trackedUpstream((_req, res) => {
    copied++;
    res.end('s');
  });
  const rws = await serveRwsfile(rwsfile(hostPort(primary.url), hostPort(shadow.url), '30%'));
  for (let i = 0; i < 400; i++) await (await request(`${rws.url}/`)).body.text();
  await expect.poll(() => copied, { timeout: 5000 }).toBeGreaterThan(0);
  // Give the last copies a moment to land (bounded), then count.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(copied / 400).toBeGreaterThan(0.22);
  expect(copied / 400).toBeLessThan(0.38);
});

test('at most 64 copies are in flight: beyond that they are dropped, and the primary still answers every request', async () => {
  const primary = await trackedUpstream((_req, res) => res.end('ok'));
  let copies = 0;
  const held: (() => void)[] = [];
  const hanging = await trackedUpstream((_req, res) => {
    copies++;
    held.push(() => res.destroy());
  });
  const rws = await serveRwsfile(rwsfile(hostPort(primary.url), hostPort(hanging.url)));
  for (let i = 0; i < 80; i++) expect(await (await request(`${rws.url}/`)).body.text()).toBe('ok');
  await expect.poll(() => copies, { timeout: 5000 }).toBe(64);
  // Bounded wait: no copy beyond the cap shows up later.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(copies).toBe(64);
  await rws.close();
  for (const release of held) release();
});
