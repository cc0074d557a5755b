import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RwsProcess, runCli, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { freePorts } from './support/pebble.ts';

// The local CA: localhost names (and `tls internal` sites) get certificates signed by a CA rws creates once in
// its storage; `rws ca print` shows the root that validates them. No ACME server is involved.
let rws: RwsProcess;
let dir: string;
let storage: string;
let httpsPort: number;
let root: string;

beforeAll(async () => {
  dir = tempDir();
  storage = join(dir, 'storage');
  const [httpPort, port] = await freePorts(2);
  httpsPort = port;
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
	default_bind 127.0.0.1
	http_port ${httpPort}
	https_port ${httpsPort}
	storage file ${storage}
}

app.localhost {
	respond "local {host}"
}

intranet.example.com {
	tls internal
	respond "internal {host}"
}
`,
  );
  rws = await startRws(dir);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
});

describe('local CA', () => {
  it('serves localhost names and `tls internal` sites with certificates that validate against `rws ca print`', async () => {
    const printed = runCli(['ca', 'print', '--storage', storage, '--path'], dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim()).toBe(join(storage, 'ca', 'local', 'root.crt'));
    root = readFileSync(printed.stdout.trim(), 'utf8');
    expect(root).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    for (const [name, body] of [['app.localhost', 'local app.localhost'], ['intranet.example.com', 'internal intranet.example.com']]) {
      expect(await eventually(() => getVerified(httpsPort, name, root), name)).toEqual({ status: 200, body });
      const served = await servedCertificate(httpsPort, name);
      expect(served).toHaveProperty('issuer', 'rws Local Intermediate CA');
    }
  }, 30_000);

  it('keeps one CA across commands and restarts', async () => {
    const path = join(storage, 'ca', 'local', 'root.crt');
    const trust = runCli(['trust', '--storage', storage], dir);
    expect(trust.stdout).toContain(`The local CA root is ${path}.`);
    const first = readFileSync(path, 'utf8');
    expect(first).toBe(root);
    await rws.stop();
    // Assigned before it is ready, so afterAll stops it even if this test times out while it starts.
    rws = new RwsProcess(['run', 'Rwsfile'], dir);
    await rws.waitForMsg('ready');
    expect((await eventually(() => getVerified(httpsPort, 'app.localhost', first), 'after restart')).status).toBe(200);
    expect(rws.logs.filter((l) => l.msg === 'certificate obtained')).toEqual([]);
  }, 60_000);
});
