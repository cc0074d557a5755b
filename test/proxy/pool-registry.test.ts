/**
 * Live pools across reloads: a pool whose settings are unchanged keeps its connections (and state) in the
 * new plan; a pool the new plan no longer uses is closed once the old plan has drained; two sites naming one
 * pool share its connections.
 */
import type { Socket } from 'node:net';
import { request } from 'undici';
import { afterEach, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { compileRwsfile, hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

/** An upstream answering with the local port of the connection the request came on (one per rws connection). */
async function connectionEcho() {
  return trackedUpstream((req, res) => res.end(String((req.socket as Socket).remotePort)));
}

function rwsfile(pools: string, body: string): string {
  return `{\n  admin off\n${pools}}\nhttp://127.0.0.1:0 {\n${body}\n}\n`;
}

test('an unchanged pool keeps its connections across a reload; a pool no longer used is closed', async () => {
  const a = await connectionEcho();
  const b = await connectionEcho();
  const pools = `  upstream a {\n    to ${hostPort(a.url)}\n  }\n  upstream b {\n    to ${hostPort(b.url)}\n  }\n`;
  const rws = await serveRwsfile(rwsfile(pools, '  reverse_proxy /b/* b\n  reverse_proxy a'));
  const before = await (await request(`${rws.url}/`)).body.text();
  await (await request(`${rws.url}/b/x`)).body.text();
  expect(b.sockets.size).toBe(1);

  // A new plan (a respond route added) that still uses `a` the same way, and no longer uses `b`.
  await rws.server.apply(compileRwsfile(rwsfile(`  upstream a {\n    to ${hostPort(a.url)}\n  }\n`, '  respond /health "ok"\n  reverse_proxy a')));
  expect(await (await request(`${rws.url}/`)).body.text()).toBe(before);
  expect(a.sockets.size).toBe(1);
  await expect.poll(() => b.sockets.size, { timeout: 5000 }).toBe(0);

  // `a` with other settings is another pool: new connections, the old ones closed.
  await rws.server.apply(compileRwsfile(rwsfile(`  upstream a {\n    to ${hostPort(a.url)}\n    lb_policy first\n  }\n`, '  reverse_proxy a')));
  expect(await (await request(`${rws.url}/`)).body.text()).not.toBe(before);
  await expect.poll(() => a.sockets.size, { timeout: 5000 }).toBe(1);
});

test('sites naming the same pool share its connections', async () => {
  const a = await connectionEcho();
  const rws = await serveRwsfile(
    `{\n  admin off\n  upstream a {\n    to ${hostPort(a.url)}\n  }\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy a\n}\nhttp://other.test:0 {\n  reverse_proxy a\n}\n`,
  );
  const first = await (await request(`${rws.url}/`)).body.text();
  const second = await (await request(`${rws.url}/`, { headers: { host: 'other.test' } })).body.text();
  expect(second).toBe(first);
  expect(a.sockets.size).toBe(1);
});
