/**
 * Sticky sessions: the first response pins the client to its upstream with a signed cookie; a forged or
 * foreign cookie pins nothing; when the pinned upstream goes down the client is balanced elsewhere and
 * re-pinned; an unchanged pool keeps its pins across a reload.
 */
import { request } from 'undici';
import { afterEach, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { compileRwsfile, hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

function site(list: string, sticky = '    sticky rws_upstream'): string {
  return `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy ${list} {\n    lb_retries 2\n${sticky}\n  }\n}\n`;
}

async function ask(url: string, cookie?: string): Promise<{ body: string; setCookie: string | null }> {
  const res = await request(url, { headers: cookie === undefined ? {} : { cookie } });
  const header = res.headers['set-cookie'];
  return { body: await res.body.text(), setCookie: header === undefined ? null : String(header) };
}

function cookieOf(setCookie: string | null): string {
  expect(setCookie).toMatch(/^rws_upstream=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
  return setCookie!.split(';')[0];
}

test('a client with the cookie stays on its upstream; the cookie is set once', async () => {
  const ups = await Promise.all(['a', 'b', 'c'].map((n) => trackedUpstream((_req, res) => res.end(n))));
  const rws = await serveRwsfile(site(ups.map((u) => hostPort(u.url)).join(' ')));
  const first = await ask(`${rws.url}/`);
  const cookie = cookieOf(first.setCookie);
  for (let i = 0; i < 20; i++) {
    const next = await ask(`${rws.url}/`, `theme=dark; ${cookie}`);
    expect(next.body).toBe(first.body);
    expect(next.setCookie).toBeNull();
  }
  // Without the cookie, round robin goes on as usual.
  const others = new Set<string>();
  for (let i = 0; i < 6; i++) others.add((await ask(`${rws.url}/`)).body);
  expect(others.size).toBe(3);
});

test('a forged cookie pins nothing: the request is balanced and gets a real cookie', async () => {
  const ups = await Promise.all(['a', 'b'].map((n) => trackedUpstream((_req, res) => res.end(n))));
  const rws = await serveRwsfile(site(ups.map((u) => hostPort(u.url)).join(' ')));
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const res = await ask(`${rws.url}/`, 'rws_upstream=aHR0cDovLzEyNy4wLjAuMTo4MDAw0000000000');
    seen.add(res.body);
    cookieOf(res.setCookie);
  }
  expect(seen.size).toBe(2);
});

test('when the pinned upstream is down the client moves and is re-pinned', async () => {
  const a = await trackedUpstream((_req, res) => res.end('a'));
  const b = await trackedUpstream((_req, res) => res.end('b'));
  const rws = await serveRwsfile(site(`${hostPort(a.url)} ${hostPort(b.url)}`));
  let cookie = '';
  // Get pinned to `a`.
  for (let i = 0; i < 4 && cookie === ''; i++) {
    const res = await ask(`${rws.url}/`);
    if (res.body === 'a') cookie = cookieOf(res.setCookie);
  }
  expect((await ask(`${rws.url}/`, cookie)).body).toBe('a');
  await a.close();
  const moved = await ask(`${rws.url}/`, cookie);
  expect(moved.body).toBe('b');
  const repinned = cookieOf(moved.setCookie);
  expect(repinned).not.toBe(cookie);
  expect(await ask(`${rws.url}/`, repinned)).toEqual({ body: 'b', setCookie: null });
});

test('pins survive a reload that keeps the pool (its random secret lives with the pool), not a changed pool', async () => {
  const ups = await Promise.all(['a', 'b', 'c'].map((n) => trackedUpstream((_req, res) => res.end(n))));
  const list = ups.map((u) => hostPort(u.url)).join(' ');
  const rws = await serveRwsfile(site(list));
  const first = await ask(`${rws.url}/`);
  const cookie = cookieOf(first.setCookie);
  // Another site added: a different plan, the same pool.
  await rws.server.apply(compileRwsfile(`${site(list)}http://127.0.0.1:0/other {\n  respond "x"\n}\n`.replace('http://127.0.0.1:0/other', 'http://other.test:0')));
  expect(await ask(`${rws.url}/`, cookie)).toEqual({ body: first.body, setCookie: null });
  // The pool changed (a secret written): old pins are not honoured.
  await rws.server.apply(compileRwsfile(site(list, '    sticky rws_upstream {\n      secret s3cret\n    }')));
  expect((await ask(`${rws.url}/`, cookie)).setCookie).not.toBeNull();
});
