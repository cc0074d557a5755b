import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { getVerified, servedCertificate } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// On-demand TLS: a catch-all HTTPS site obtains a certificate at the first handshake for a name nobody listed,
// only if the ask endpoint approves it, and at most `burst` per interval.
let pebble: Pebble;
let rws: RwsProcess;
let ask: Server;
const asked: string[] = [];

beforeAll(async () => {
  ask = createServer((req, res) => {
    const domain = new URL(req.url ?? '/', 'http://x').searchParams.get('domain') ?? '';
    asked.push(domain);
    res.statusCode = domain.startsWith('yes') ? 200 : 403;
    res.end();
  });
  await new Promise<void>((resolve) => ask.listen(0, '127.0.0.1', resolve));
  pebble = await Pebble.start();
  const dir = tempDir();
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
${pebble.rwsOptions(join(dir, 'storage'))}
	on_demand_tls {
		ask http://127.0.0.1:${(ask.address() as AddressInfo).port}/allowed
		interval 1h
		burst 2
	}
}

https:// {
	tls {
		on_demand
	}
	respond "on demand {host}"
}
`,
  );
  rws = await startRws(dir);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
  await new Promise((resolve) => ask?.close(resolve));
});

describe('on-demand TLS', () => {
  it('obtains a certificate at the first handshake for a name the ask endpoint approves', async () => {
    const root = await pebble.issuingRoot();
    const answer = await getVerified(pebble.tlsPort, 'yes1.example.com', root);
    expect(answer).toEqual({ status: 200, body: 'on demand yes1.example.com' });
    expect(asked).toContain('yes1.example.com');
    // The second handshake is served from memory: no new question.
    const questions = asked.length;
    expect((await getVerified(pebble.tlsPort, 'yes1.example.com', root)).status).toBe(200);
    expect(asked).toHaveLength(questions);
  }, 30_000);

  it('refuses the handshake for a name the ask endpoint refuses, and orders nothing', async () => {
    const served = await servedCertificate(pebble.tlsPort, 'no.example.com');
    expect(served).toHaveProperty('error');
    expect(asked).toContain('no.example.com');
    expect(rws.logs.filter((l) => l.msg === 'certificate obtained').map((l) => l.name)).not.toContain('no.example.com');
  }, 30_000);

  it('stops ordering at the rate limit, even for approved names', async () => {
    const root = await pebble.issuingRoot();
    expect((await getVerified(pebble.tlsPort, 'yes2.example.com', root)).status).toBe(200);
    expect(await servedCertificate(pebble.tlsPort, 'yes3.example.com')).toHaveProperty('error');
    expect(rws.logs.some((l) => l.msg === 'on-demand certificate refused' && l.name === 'yes3.example.com' && String(l.reason).startsWith('rate limit'))).toBe(true);
  }, 30_000);
});
