import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// A CA that requires external account binding: the account is created with `acme_eab`, once, and kept in
// storage with its URL.
const KEY_ID = 'kid-1';
const MAC_KEY = 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W';
let pebble: Pebble;
let rws: RwsProcess;
let storage: string;

beforeAll(async () => {
  pebble = await Pebble.start({ eab: { [KEY_ID]: MAC_KEY } });
  const dir = tempDir();
  storage = join(dir, 'storage');
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
${pebble.rwsOptions(storage)}
	acme_eab ${KEY_ID} ${MAC_KEY}
	email eab@example.com
}

eab.example.com {
	respond "bound {host}"
}
`,
  );
  rws = await startRws(dir);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
});

describe('external account binding', () => {
  it('creates a bound account and obtains a certificate with it', async () => {
    const root = await pebble.issuingRoot();
    expect(await eventually(() => getVerified(pebble.tlsPort, 'eab.example.com', root), 'the certificate')).toEqual({ status: 200, body: 'bound eab.example.com' });
    const accounts = rws.logs.filter((l) => l.msg === 'certificate obtained');
    expect(accounts).toHaveLength(1);
    const issuer = String(accounts[0].issuer);
    const account = JSON.parse(readFileSync(join(storage, 'acme', issuer, 'account.json'), 'utf8')) as { url: string; email: string };
    expect(account.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/`));
    expect(account.email).toBe('eab@example.com');
  }, 30_000);
});
