import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { selfSigned } from '../runtime/support/certs.ts';

// Two HTTPS sites on one port from an Rwsfile: the certificate is chosen by SNI, HTTP/2 is negotiated by ALPN,
// and a reload after a certificate is rotated serves the new one on the same socket.
let rws: RwsProcess;
let dir: string;
let port: number;

beforeAll(async () => {
  dir = tempDir();
  selfSigned(dir, 'a', ['a.test']);
  selfSigned(dir, 'b', ['b.test', '*.b.test']);
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	default_bind 127.0.0.1
}

https://a.test:0 {
	tls a.crt a.key
	respond "a over {proto}"
}

https://b.test:0, https://*.b.test:0 {
	tls b.crt b.key
	respond "b for {host} over {proto}"
}
`,
  );
  rws = await startRws(dir);
  const listeners = rws.listening();
  expect(listeners).toHaveLength(1);
  port = listeners[0].port;
});

afterAll(async () => {
  await rws?.stop();
});

async function get(servername: string, ca: string, h2: boolean): Promise<string> {
  const client = new Client(`https://127.0.0.1:${port}`, { connect: { servername, ca }, allowH2: h2 });
  try {
    const res = await client.request({ method: 'GET', path: '/', headers: { host: servername } });
    return `${res.statusCode} ${await res.body.text()}`;
  } finally {
    await client.close();
  }
}

function peerFingerprint(servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const fp = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fp);
    });
    socket.on('error', reject);
  });
}

describe('TLS from an Rwsfile', () => {
  it('serves each site with its own certificate, verified by the client', async () => {
    const caA = readFileSync(join(dir, 'a.crt'), 'utf8');
    const caB = readFileSync(join(dir, 'b.crt'), 'utf8');
    expect(await get('a.test', caA, false)).toBe('200 a over http/1.1');
    expect(await get('b.test', caB, false)).toBe('200 b for b.test over http/1.1');
    expect(await get('x.b.test', caB, false)).toBe('200 b for x.b.test over http/1.1');
    // The wrong CA for the name fails verification: the certificates really differ.
    await expect(get('a.test', caB, false)).rejects.toThrow();
  });

  it('negotiates HTTP/2 by ALPN', async () => {
    const caA = readFileSync(join(dir, 'a.crt'), 'utf8');
    expect(await get('a.test', caA, true)).toBe('200 a over http/2');
  });

  it('a reload after rotating a certificate serves the new one on the same listener', async () => {
    const before = await peerFingerprint('a.test');
    selfSigned(dir, 'a', ['a.test']);
    const applied = rws.logs.filter((l) => l.msg === 'config applied').length;
    rws.child.kill('SIGHUP');
    await rws.waitFor(() => rws.logs.filter((l) => l.msg === 'config applied').length > applied, 'reload after rotation');
    const after = await peerFingerprint('a.test');
    expect(after).not.toBe(before);
    expect(rws.listening()).toHaveLength(1);
    const caA = readFileSync(join(dir, 'a.crt'), 'utf8');
    expect(await get('a.test', caA, true)).toBe('200 a over http/2');
  });
});
