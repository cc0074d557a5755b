import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually, getVerified, servedCertificate } from './support/https-client.ts';
import { Pebble } from './support/pebble.ts';

// Several names on one port get certificates from a real ACME CA (Pebble) at start, by HTTP-01, TLS-ALPN-01
// and — for wildcards — DNS-01 through the site's `dns exec` or `dns webhook` hook (which set and clear the
// TXT record in challtestsrv, the DNS server Pebble asks), without blocking startup; each is served by SNI with a chain that
// validates against Pebble's root.
let pebble: Pebble;
let rws: RwsProcess;
let root: string;
let hookLog: string;
let webhook: Server;
const webhookCalls: { action: string; name: string }[] = [];

beforeAll(async () => {
  pebble = await Pebble.start();
  // The webhook form of the DNS hook: rws POSTs {action, name, txt}; this relays it to challtestsrv.
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { action: 'set' | 'clear'; name: string; txt: string };
      webhookCalls.push({ action: call.action, name: call.name });
      const relay = call.action === 'set' ? pebble.challtest('/set-txt', { host: call.name, value: call.txt }) : pebble.challtest('/clear-txt', { host: call.name });
      relay.then(
        () => res.end('ok'),
        () => {
          res.statusCode = 502;
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
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
${pebble.rwsOptions(join(dir, 'storage'))}
	email ops@example.com
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

proxied.example.com {
	respond "https site {host}"
}

# The name's plain-HTTP side is a proxy (to nothing): HTTP-01 is still answered, before routing.
http://proxied.example.com {
	reverse_proxy 127.0.0.1:9
}

*.wild.example.com {
	tls {
		dns exec ${hook}
	}
	respond "wild {host}"
}

*.hooked.example.com {
	tls {
		dns webhook http://127.0.0.1:${(webhook.address() as AddressInfo).port}/acme
	}
	respond "hooked {host}"
}
`,
  );
  rws = await startRws(dir);
  root = await pebble.issuingRoot();
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  await pebble?.stop();
  await new Promise((resolve) => webhook?.close(resolve));
});

describe('ACME against Pebble', () => {
  it('serves every name by SNI with a chain that validates against the CA root', async () => {
    for (const name of ['a.example.com', 'b.example.com', 'alpn.example.com', 'alpn2.example.com']) {
      const answer = await eventually(() => getVerified(pebble.tlsPort, name, root), `a validated response for ${name}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`${name.startsWith('alpn') ? 'tls-alpn-01' : 'http-01'} site ${name}`);
    }
    expect(await eventually(() => getVerified(pebble.tlsPort, 'proxied.example.com', root), 'the proxied name')).toEqual({ status: 200, body: 'https site proxied.example.com' });
    const plain = await request(`http://127.0.0.1:${pebble.httpPort}/`, { headers: { host: 'proxied.example.com' } });
    await plain.body.text();
    expect(plain.statusCode).toBe(502);
  }, 40_000);

  it('obtains a wildcard certificate through the DNS hook and serves every subdomain with it', async () => {
    expect(await eventually(() => getVerified(pebble.tlsPort, 'x.wild.example.com', root), 'the wildcard certificate')).toEqual({
      status: 200,
      body: 'wild x.wild.example.com',
    });
    expect((await getVerified(pebble.tlsPort, 'y.wild.example.com', root)).body).toBe('wild y.wild.example.com');
    const [x, y] = await Promise.all([servedCertificate(pebble.tlsPort, 'x.wild.example.com'), servedCertificate(pebble.tlsPort, 'y.wild.example.com')]);
    expect(x).toEqual(y);
    await eventually(async () => (readFileSync(hookLog, 'utf8').includes('clear') ? true : undefined), 'the clear call');
    expect(readFileSync(hookLog, 'utf8').trim().split('\n')).toEqual(['set _acme-challenge.wild.example.com.', 'clear _acme-challenge.wild.example.com.']);
  }, 30_000);

  it('obtains a wildcard certificate through a DNS webhook', async () => {
    expect(await eventually(() => getVerified(pebble.tlsPort, 'z.hooked.example.com', root), 'the webhook wildcard')).toEqual({
      status: 200,
      body: 'hooked z.hooked.example.com',
    });
    await eventually(async () => (webhookCalls.length === 2 ? true : undefined), 'the clear call');
    expect(webhookCalls).toEqual([
      { action: 'set', name: '_acme-challenge.hooked.example.com.' },
      { action: 'clear', name: '_acme-challenge.hooked.example.com.' },
    ]);
  }, 30_000);

  it('ordered each certificate once', async () => {
    const obtained = rws.logs.filter((l) => l.msg === 'certificate obtained').map((l) => String(l.name)).sort();
    expect(obtained).toEqual(['*.hooked.example.com', '*.wild.example.com', 'a.example.com', 'alpn.example.com', 'alpn2.example.com', 'b.example.com', 'proxied.example.com']);
  });

  it('answers plain HTTP for a managed name with a redirect, not a challenge', async () => {
    const res = await request(`http://127.0.0.1:${pebble.httpPort}/.well-known/acme-challenge/unknown-token`, { headers: { host: 'a.example.com' } });
    await res.body.text();
    expect(res.statusCode).toBe(308);
  });
});
