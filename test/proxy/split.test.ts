/**
 * Traffic splitting between named pools: a 90/10 canary lands within a few percent of its weight, an
 * override header or cookie forces a version (only one of the split's), and a sticky cookie keeps a client
 * on the version it first got.
 */
import { Agent, request } from 'undici';
import { afterAll, afterEach, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);
const agent = new Agent({ connections: 16 });
afterAll(() => agent.close());

async function canary(split: string): Promise<string> {
  const v1 = await trackedUpstream((_req, res) => res.end('v1'));
  const v2 = await trackedUpstream((_req, res) => res.end('v2'));
  const other = await trackedUpstream((_req, res) => res.end('other'));
  const rws = await serveRwsfile(
    `{\n  admin off\n  upstream api_v1 {\n    to ${hostPort(v1.url)}\n  }\n  upstream api_v2 {\n    to ${hostPort(v2.url)}\n  }\n  upstream admin_api {\n    to ${hostPort(other.url)}\n  }\n}\n` +
      `http://127.0.0.1:0 {\n  reverse_proxy /admin admin_api\n  reverse_proxy {\n    split {\n${split}\n    }\n  }\n}\n`,
  );
  return rws.url;
}

async function ask(url: string, headers: Record<string, string> = {}): Promise<{ body: string; setCookie: string | null }> {
  const res = await request(url, { headers, dispatcher: agent });
  const header = res.headers['set-cookie'];
  return { body: await res.body.text(), setCookie: header === undefined ? null : String(header) };
}

test('a 90/10 canary sends 10% (±3%, over 3 standard deviations) of 1,000 requests to v2', async () => {
  const url = await canary('      to api_v1 90\n      to api_v2 10');
  let v2 = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < 1000) {
        next++;
        if ((await ask(`${url}/`)).body === 'v2') v2++;
      }
    }),
  );
  expect(v2 / 1000).toBeGreaterThan(0.07);
  expect(v2 / 1000).toBeLessThan(0.13);
});

test('the override header and cookie force one of the split\'s pools, and only those', async () => {
  const url = await canary('      to api_v1 100\n      to api_v2 0\n      override_header X-Version\n      override_cookie version');
  expect((await ask(`${url}/`)).body).toBe('v1');
  for (let i = 0; i < 5; i++) expect((await ask(`${url}/`, { 'x-version': 'api_v2' })).body).toBe('v2');
  expect((await ask(`${url}/`, { cookie: 'version=api_v2' })).body).toBe('v2');
  // A pool outside the split cannot be forced.
  expect((await ask(`${url}/`, { 'x-version': 'admin_api' })).body).toBe('v1');
  expect((await ask(`${url}/admin`)).body).toBe('other');
});

test('a sticky cookie keeps each client on the version it first got', async () => {
  const url = await canary('      to api_v1 50\n      to api_v2 50\n      sticky_cookie rws_canary');
  const versions = new Set<string>();
  for (let client = 0; client < 10; client++) {
    const first = await ask(`${url}/`);
    expect(first.setCookie).toBe(`rws_canary=${first.body === 'v1' ? 'api_v1' : 'api_v2'}; Path=/; HttpOnly; SameSite=Lax`);
    const cookie = first.setCookie!.split(';')[0];
    for (let i = 0; i < 5; i++) expect(await ask(`${url}/`, { cookie })).toEqual({ body: first.body, setCookie: null });
    versions.add(first.body);
  }
  expect(versions.size).toBe(2);
});
