import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// Pebble issues 10-second certificates here and rws renews when 70 % of the lifetime is left: renewal happens
// three seconds after issuance. Then the CA goes away: renewal fails, is retried with back-off, and the current
// certificate keeps being served; the metrics say so. Once the CA is back, renewal resumes.
const NAME = 'renew.example.com';
let pebble: Pebble;
let rws: RwsProcess;
let metricsPort: number;

beforeAll(async () => {
  pebble = await Pebble.start({ validitySeconds: 10 });
  const dir = tempDir();
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
	metrics 127.0.0.1:0
${pebble.rwsOptions(join(dir, 'storage'))}
	renew_window 0.7
}

${NAME} {
	respond "renewed {host}"
}
`,
  );
  rws = await startRws(dir);
  metricsPort = Number((await rws.waitForMsg('metrics listening')).port);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
});

async function scrape(): Promise<string> {
  const res = await request(`http://127.0.0.1:${metricsPort}/metrics`);
  return res.body.text();
}

describe('renewal', () => {
  it('renews before expiry and serves the new certificate', async () => {
    const root = await pebble.issuingRoot();
    await eventually(() => getVerified(pebble.tlsPort, NAME, root), 'the first certificate');
    const first = await servedCertificate(pebble.tlsPort, NAME);
    const second = await eventually(async () => {
      const now = await servedCertificate(pebble.tlsPort, NAME);
      return 'serial' in now && 'serial' in first && now.serial !== first.serial ? now : undefined;
    }, 'a renewed certificate', 100, 200);
    expect((await getVerified(pebble.tlsPort, NAME, root)).body).toBe(`renewed ${NAME}`);
    expect(second).not.toEqual(first);
    expect(await scrape()).toMatch(new RegExp(`rws_tls_certificate_expiry_seconds\\{name="${NAME.replaceAll('.', '\\.')}",issuer="acme-[^"]+"\\} \\d+`));
  }, 30_000);

  it('keeps serving the current certificate while the CA is down, and counts the failures', async () => {
    const root = await pebble.issuingRoot();
    const before = await servedCertificate(pebble.tlsPort, NAME);
    await pebble.stopCa();
    await rws.waitFor((l) => l.msg === 'renewing a certificate failed: still serving the current one' && l.name === NAME, 'a failed renewal', 20_000);
    const failure = rws.logs.find((l) => l.msg === 'renewing a certificate failed: still serving the current one')!;
    expect(Number(failure.leftMs)).toBeGreaterThan(0);
    expect(Number(failure.retryInMs)).toBeGreaterThan(0);
    const served = await servedCertificate(pebble.tlsPort, NAME);
    expect(served).toEqual(before);
    expect((await getVerified(pebble.tlsPort, NAME, root)).status).toBe(200);
    expect(await scrape()).toMatch(new RegExp(`rws_tls_renewal_failures_total\\{name="${NAME.replaceAll('.', '\\.')}",issuer="acme-[^"]+"\\} [1-9]`));
  }, 30_000);

  it('renews again once the CA is back, even though the CA forgot the account', async () => {
    const obtainedBefore = rws.logs.filter((l) => l.msg === 'certificate obtained').length;
    // A restarted Pebble has a new root and no accounts: rws registers again and renews.
    await pebble.startCa();
    const root = await pebble.issuingRoot();
    await rws.waitFor((l) => l.msg === 'certificate obtained' && rws.logs.filter((x) => x.msg === 'certificate obtained').length > obtainedBefore, 'a renewal after the outage', 20_000);
    expect((await eventually(() => getVerified(pebble.tlsPort, NAME, root), 'a certificate from the new CA')).body).toBe(`renewed ${NAME}`);
  }, 30_000);
});
