/**
 * The peer config templates against the real binaries: each starts on a port chosen at run time, serves
 * the expected bytes, and is gone (by PID) after stop. Skipped for a peer that is not installed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caddyStatic, caddyProxy } from '../peers/caddy.ts';
import { haproxyProxy } from '../peers/haproxy.ts';
import { nginxProxy, nginxStatic, nginxUpstream } from '../peers/nginx.ts';
import { NODE_PROXIES, nodeProxy } from '../peers/node-proxies.ts';
import { findBinaries } from '../binaries.ts';
import { get } from '../readiness.ts';
import { type ServerSpec, startServer } from '../server.ts';
import { alive, testEnv } from './helpers.ts';

const { nginx, caddy, haproxy } = findBinaries();

describe('peers', () => {
  let env: ReturnType<typeof testEnv>;
  beforeEach(() => {
    env = testEnv();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  async function startAndCheck(spec: ServerSpec, path: string, body: Buffer): Promise<void> {
    const server = await startServer(env, spec);
    expect(alive(server.child.pid)).toBe(true);
    const answer = await get({ url: `http://127.0.0.1:${server.port}${path}`, host: null });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(body)).toBe(true);
    await server.child.stop();
    expect(alive(server.child.pid)).toBe(false);
  }

  function staticRoot(): { root: string; content: Buffer } {
    const root = join(env.tmpDir, 'root');
    mkdirSync(root);
    const content = randomBytes(100 * 1024);
    writeFileSync(join(root, 'f.bin'), content);
    return { root, content };
  }

  it.skipIf(nginx === null)('nginx serves static files', async () => {
    const { root, content } = staticRoot();
    await startAndCheck(nginxStatic(nginx ?? '', root, '/f.bin', { status: 200, body: content }), '/f.bin', content);
  });

  it.skipIf(caddy === null)('caddy serves static files', async () => {
    const { root, content } = staticRoot();
    await startAndCheck(caddyStatic(caddy ?? '', root, '/f.bin', { status: 200, body: content }), '/f.bin', content);
  });

  describe.skipIf(nginx === null)('proxies in front of the nginx upstream', () => {
    const hello = { status: 200, body: Buffer.from('hello') };
    let upstream = 0;
    beforeEach(async () => {
      upstream = (await startServer(env, nginxUpstream(nginx ?? '', 'hello'))).port;
    });

    it('nginx', async () => {
      await startAndCheck(nginxProxy(nginx ?? '', upstream, hello), '/', hello.body);
    });
    it.skipIf(caddy === null)('caddy', async () => {
      await startAndCheck(caddyProxy(caddy ?? '', upstream, hello), '/any/path', hello.body);
    });
    it.skipIf(haproxy === null)('haproxy', async () => {
      await startAndCheck(haproxyProxy(haproxy ?? '', upstream, hello), '/', hello.body);
    });
    for (const name of NODE_PROXIES) {
      it(name, async () => {
        await startAndCheck(nodeProxy(env, name, upstream, hello), '/any/path?q=1', hello.body);
      });
    }
  });

  it('a server that exits at start is reported with what it said', async () => {
    const spec: ServerSpec = {
      name: 'broken',
      startTimeoutMs: 5000,
      expect: { status: 200, body: Buffer.from('') },
      probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
      prepare: () => ({ command: 'sh', args: ['-c', 'echo "config error on line 3" >&2; exit 1'] }),
    };
    await expect(startServer(env, spec)).rejects.toThrow(/broken exited before serving:\s+config error on line 3/);
  });
});
