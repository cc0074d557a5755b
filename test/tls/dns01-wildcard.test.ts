import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// A wildcard name through DNS-01: rws runs the site's `dns exec` hook, which sets and clears the TXT record in
// challtestsrv (the DNS server Pebble asks); one certificate then serves every subdomain.
let pebble: Pebble;
let rws: RwsProcess;
let hookLog: string;

beforeAll(async () => {
  pebble = await Pebble.start();
  const dir = tempDir();
  hookLog = join(dir, 'hook.log');
  const hook = join(dir, 'dns-hook.sh');
  writeFileSync(
    hook,
    `#!/bin/sh
set -e
echo "$RWS_ACME_ACTION $RWS_ACME_NAME" >> ${hookLog}
case "$RWS_ACME_ACTION" in
  set) curl -sf -X POST -d "{\\"host\\":\\"$RWS_ACME_NAME\\",\\"value\\":\\"$RWS_ACME_TXT\\"}" ${pebble.challtestBase}/set-txt ;;
  clear) curl -sf -X POST -d "{\\"host\\":\\"$RWS_ACME_NAME\\"}" ${pebble.challtestBase}/clear-txt ;;
esac
`,
  );
  chmodSync(hook, 0o755);
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
	storage file ${join(dir, 'storage')}
}

*.wild.example.com {
	tls {
		dns exec ${hook}
	}
	respond "wild {host}"
}
`,
  );
  rws = await startRws(dir);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
});

describe('DNS-01', () => {
  it('obtains a wildcard certificate through the DNS hook and serves every subdomain with it', async () => {
    const root = await pebble.issuingRoot();
    expect(await eventually(() => getVerified(pebble.tlsPort, 'a.wild.example.com', root), 'the wildcard certificate')).toEqual({
      status: 200,
      body: 'wild a.wild.example.com',
    });
    expect((await getVerified(pebble.tlsPort, 'b.wild.example.com', root)).body).toBe('wild b.wild.example.com');
    const [a, b] = await Promise.all([servedCertificate(pebble.tlsPort, 'a.wild.example.com'), servedCertificate(pebble.tlsPort, 'b.wild.example.com')]);
    expect(a).toEqual(b);
    await eventually(async () => (readFileSync(hookLog, 'utf8').includes('clear') ? true : undefined), 'the clear call');
    expect(readFileSync(hookLog, 'utf8').trim().split('\n')).toEqual(['set _acme-challenge.wild.example.com.', 'clear _acme-challenge.wild.example.com.']);
  }, 30_000);
});
