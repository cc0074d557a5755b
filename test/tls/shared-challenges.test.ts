import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RwsProcess, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { freePorts, Pebble } from './support/pebble.ts';

// Instances behind one address share a storage; the CA's validation may reach any of them. Here B orders
// certificates while the CA validates against A (which never orders: its on-demand gate refuses every name):
// A answers B's HTTP-01 and TLS-ALPN-01 challenges from the shared storage, then serves B's certificates.
let pebble: Pebble;
let a: RwsProcess;
let b: RwsProcess;
let ask: Server;
let portsB: number[];

beforeAll(async () => {
  ask = createServer((_req, res) => {
    res.statusCode = 403;
    res.end();
  });
  await new Promise<void>((resolve) => ask.listen(0, '127.0.0.1', resolve));
  pebble = await Pebble.start();
  portsB = await freePorts(2);
  const storage = join(tempDir(), 'shared');
  const global = (http: number, https: number) => `{
	admin off
	grace_period 200ms
	default_bind 127.0.0.1
	http_port ${http}
	https_port ${https}
	acme_ca ${pebble.directory}
	acme_ca_root ${pebble.apiRootFile}
	storage file ${storage}
	on_demand_tls {
		ask http://127.0.0.1:${(ask.address() as AddressInfo).port}/never
	}
}
`;
  const dirA = tempDir();
  writeFileSync(join(dirA, 'Rwsfile'), `${global(pebble.httpPort, pebble.tlsPort)}\nhttp:// {\n\trespond "A over http"\n}\n\nhttps:// {\n\ttls {\n\t\ton_demand\n\t}\n\trespond "A {host}"\n}\n`);
  const dirB = tempDir();
  writeFileSync(
    join(dirB, 'Rwsfile'),
    `${global(portsB[0], portsB[1])}\nhttp01.example.com {\n\ttls {\n\t\tchallenges http-01\n\t}\n\trespond "B {host}"\n}\n\nalpn.example.com {\n\ttls {\n\t\tchallenges tls-alpn-01\n\t}\n\trespond "B {host}"\n}\n`,
  );
  a = new RwsProcess(['run', 'Rwsfile'], dirA);
  await a.waitForMsg('ready');
  b = new RwsProcess(['run', 'Rwsfile'], dirB);
  await b.waitForMsg('ready');
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pebble?.stop();
  await new Promise((resolve) => ask?.close(resolve));
});

describe('challenges answered by another instance sharing the storage', () => {
  it('validates B\'s orders through A, by HTTP-01 and by TLS-ALPN-01', async () => {
    const root = await pebble.issuingRoot();
    for (const name of ['http01.example.com', 'alpn.example.com']) {
      expect(await eventually(() => getVerified(portsB[1], name, root), `B serving ${name}`)).toEqual({ status: 200, body: `B ${name}` });
    }
    expect(b.logs.filter((l) => l.msg === 'certificate obtained').map((l) => l.name).sort()).toEqual(['alpn.example.com', 'http01.example.com']);
  }, 30_000);

  it('lets A serve the certificates B ordered, from storage, without ordering', async () => {
    const root = await pebble.issuingRoot();
    expect(await getVerified(pebble.tlsPort, 'alpn.example.com', root)).toEqual({ status: 200, body: 'A alpn.example.com' });
    expect(await servedCertificate(pebble.tlsPort, 'alpn.example.com')).toEqual(await servedCertificate(portsB[1], 'alpn.example.com'));
    expect(a.logs.filter((l) => l.msg === 'certificate obtained')).toEqual([]);
  }, 30_000);
});
