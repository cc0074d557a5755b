/**
 * The tls scenario's parts against the real binaries: each HTTPS peer template serves `ok` over TLS (HTTP/1.1
 * and HTTP/2 by ALPN) and is gone after stop; s_time and h2load runs are parsed into figures, and a "resumed"
 * run that never resumed is refused. Skipped for what is not installed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBinaries } from '../binaries.ts';
import { caddyHttps, nginxHttps, rwsHttps, type TlsFiles } from '../peers/tls-peers.ts';
import { get } from '../readiness.ts';
import { type ServerSpec, startServer } from '../server.ts';
import { parseSTime, runH2load, runSTime } from '../tls-clients.ts';
import { alive, testEnv } from './helpers.ts';

const { nginx, caddy, openssl, h2load } = findBinaries();
const OK = { status: 200, body: Buffer.from('ok') };

describe.skipIf(openssl === null)('tls scenario', () => {
  let env: ReturnType<typeof testEnv>;
  let files: TlsFiles;
  beforeEach(() => {
    env = testEnv();
    files = { certFile: join(env.tmpDir, 't.crt'), keyFile: join(env.tmpDir, 't.key') };
    execFileSync(openssl ?? 'openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', files.keyFile, '-out', files.certFile, '-days', '1', '-subj', '/CN=t', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  });
  afterEach(async () => {
    await env.cleanup();
  });

  async function check(spec: ServerSpec): Promise<void> {
    const server = await startServer(env, spec);
    const answer = await get({ url: `https://127.0.0.1:${server.port}/`, host: null });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('ok');
    const full = await runSTime(env.children, { openssl: openssl ?? '', host: '127.0.0.1', port: server.port, mode: 'new', durationSec: 1, pinning: env.pinning });
    expect(full.requestsPerSec).toBeGreaterThan(0);
    const resumed = await runSTime(env.children, { openssl: openssl ?? '', host: '127.0.0.1', port: server.port, mode: 'reuse', durationSec: 1, pinning: env.pinning });
    expect(resumed.requests).toBeGreaterThan(0);
    if (h2load !== null) {
      const h2 = await runH2load(env.children, { h2load, url: `https://127.0.0.1:${server.port}/`, durationSec: 1, connections: 2, streams: 2, pinning: env.pinning });
      expect(h2.requests).toBeGreaterThan(0);
      expect(h2.errors.status).toBe(0);
    }
    await server.child.stop();
    expect(alive(server.child.pid)).toBe(false);
  }

  it('rws serves HTTPS, resumes sessions and speaks h2', async () => {
    await check(rwsHttps(env, files, OK));
  });

  it.skipIf(nginx === null)('nginx serves HTTPS, resumes sessions and speaks h2', async () => {
    await check(nginxHttps(nginx ?? '', files, OK));
  });

  it.skipIf(caddy === null)('caddy serves HTTPS, resumes sessions and speaks h2', async () => {
    await check(caddyHttps(caddy ?? '', files, OK));
  });

  it('refuses a resumed run in which nothing resumed', () => {
    const none = 'Now timing with session id reuse.\nstarting\n*****\n\n5 connections in 0.01s; 500.00 connections/user sec, bytes read 0\n';
    expect(parseSTime(none, 'reuse', 1)).toBeNull();
    expect(parseSTime(none.replace('*****', '*rrrr'), 'reuse', 2)?.requestsPerSec).toBe(2.5);
  });
});
