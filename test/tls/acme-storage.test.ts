import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RwsProcess, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { freePorts, Pebble } from './support/pebble.ts';

// Two rws processes share one storage folder: the lock makes one of them order each certificate and the other
// pick it up from storage. A reload, and a restart, never order again. Storage is owner-only.
let pebble: Pebble;
let a: RwsProcess;
let b: RwsProcess;
let dirA: string;
let dirB: string;
let storage: string;
let portsB: number[];
const NAMES = ['one.example.com', 'two.example.com'];

function rwsfile(httpPort: number, httpsPort: number, body: string): string {
  return `{
	admin off
	grace_period 200ms
	default_bind 127.0.0.1
	http_port ${httpPort}
	https_port ${httpsPort}
	acme_ca ${pebble.directory}
	acme_ca_root ${pebble.apiRootFile}
	storage file ${storage}
}

${NAMES.join(', ')} {
	respond "${body} {host}"
}
`;
}

const obtained = (p: RwsProcess) => p.logs.filter((l) => l.msg === 'certificate obtained').map((l) => String(l.name));

beforeAll(async () => {
  pebble = await Pebble.start();
  storage = join(tempDir(), 'shared-storage');
  dirA = tempDir({});
  dirB = tempDir({});
  portsB = await freePorts(2);
  writeFileSync(join(dirA, 'Rwsfile'), rwsfile(pebble.httpPort, pebble.tlsPort, 'A'));
  writeFileSync(join(dirB, 'Rwsfile'), rwsfile(portsB[0], portsB[1], 'B'));
  // Started together: both want both certificates at once.
  a = new RwsProcess(['run', 'Rwsfile'], dirA);
  b = new RwsProcess(['run', 'Rwsfile'], dirB);
  await Promise.all([a.waitForMsg('ready'), b.waitForMsg('ready')]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pebble?.stop();
});

describe('shared storage', () => {
  it('orders each certificate once across two instances, and both serve it', async () => {
    const root = await pebble.issuingRoot();
    for (const name of NAMES) {
      expect((await eventually(() => getVerified(pebble.tlsPort, name, root), `A serving ${name}`)).body).toBe(`A ${name}`);
      expect((await eventually(() => getVerified(portsB[1], name, root), `B serving ${name}`)).body).toBe(`B ${name}`);
      const [fromA, fromB] = await Promise.all([servedCertificate(pebble.tlsPort, name), servedCertificate(portsB[1], name)]);
      expect(fromA).toEqual(fromB);
    }
    expect([...obtained(a), ...obtained(b)].sort()).toEqual([...NAMES].sort());
  }, 40_000);

  it('keeps storage owner-only', () => {
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)]));
    const entries = [storage, ...walk(storage)];
    expect(entries.some((p) => p.endsWith('bundle.json'))).toBe(true);
    for (const entry of entries) {
      const mode = statSync(entry).mode & 0o777;
      expect([entry, mode.toString(8)]).toEqual([entry, statSync(entry).isDirectory() ? '700' : '600']);
    }
  });

  it('does not order again on reload or restart', async () => {
    const before = await servedCertificate(pebble.tlsPort, NAMES[0]);
    writeFileSync(join(dirA, 'Rwsfile'), rwsfile(pebble.httpPort, pebble.tlsPort, 'A2'));
    const applied = a.logs.filter((l) => l.msg === 'config applied').length;
    a.child.kill('SIGHUP');
    await a.waitFor((l) => l.msg === 'config applied' && a.logs.filter((x) => x.msg === 'config applied').length > applied, 'the reload');
    const root = await pebble.issuingRoot();
    expect((await getVerified(pebble.tlsPort, NAMES[0], root)).body).toBe(`A2 ${NAMES[0]}`);
    expect(await servedCertificate(pebble.tlsPort, NAMES[0])).toEqual(before);

    const orderedByA = obtained(a).length;
    await b.stop();
    // Assigned before it is ready, so afterAll stops it even if this test times out while it starts.
    b = new RwsProcess(['run', 'Rwsfile'], dirB);
    await b.waitForMsg('ready');
    expect(await eventually(async () => (await getVerified(portsB[1], NAMES[0], root)).body, 'the restarted B')).toBe(`B ${NAMES[0]}`);
    expect(await servedCertificate(portsB[1], NAMES[0])).toEqual(before);
    expect(obtained(b)).toEqual([]);
    expect(obtained(a)).toHaveLength(orderedByA);
  }, 30_000);
});
