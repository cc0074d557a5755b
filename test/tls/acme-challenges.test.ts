import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// Several names on one port get certificates from a real ACME CA (Pebble) at start, by HTTP-01 and by
// TLS-ALPN-01, without blocking startup; each is served by SNI with a chain that validates against Pebble's root.
let pebble: Pebble;
let rws: RwsProcess;
let root: string;

beforeAll(async () => {
  pebble = await Pebble.start();
  const dir = tempDir();
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
	default_bind 127.0.0.1
	http_port ${pebble.httpPort}
	https_port ${pebble.tlsPort}
	acme_ca ${pebble.directory}
	acme_ca_root ${pebble.apiRootFile}
	email ops@example.com
	storage file ${join(dir, 'storage')}
}

a.example.com, b.example.com {
	respond "http-01 site {host}"
}

alpn.example.com, alpn2.example.com {
	tls {
		challenges tls-alpn-01
	}
	respond "tls-alpn-01 site {host}"
}
`,
  );
  rws = await startRws(dir);
  root = await pebble.issuingRoot();
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
});

describe('ACME against Pebble', () => {
  it('serves every name by SNI with a chain that validates against the CA root', async () => {
    for (const name of ['a.example.com', 'b.example.com', 'alpn.example.com', 'alpn2.example.com']) {
      const answer = await eventually(() => getVerified(pebble.tlsPort, name, root), `a validated response for ${name}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`${name.startsWith('alpn') ? 'tls-alpn-01' : 'http-01'} site ${name}`);
    }
  }, 40_000);

  it('used the challenge each site allows', async () => {
    const obtained = rws.logs.filter((l) => l.msg === 'certificate obtained').map((l) => String(l.name)).sort();
    expect(obtained).toEqual(['a.example.com', 'alpn.example.com', 'alpn2.example.com', 'b.example.com']);
  });

  it('answers plain HTTP for a managed name with a redirect, not a challenge', async () => {
    const res = await request(`http://127.0.0.1:${pebble.httpPort}/.well-known/acme-challenge/unknown-token`, { headers: { host: 'a.example.com' } });
    await res.body.text();
    expect(res.statusCode).toBe(308);
  });
});
