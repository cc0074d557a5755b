import { request as httpsRequest } from 'node:https';
import { connect as h2connect } from 'node:http2';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../runtime/support/server.ts';
import { Pki } from './support/pki.ts';
import { compileIn, serveIn } from './support/serve.ts';

// Many HTTPS sites on one port: SNI picks each site's certificate *and* its handshake policy (versions, ciphers,
// ALPN), a default serves clients without SNI or with unknown names (or they are refused), and a request whose
// Host names a site with another certificate or policy than its connection's SNI gets 421.
let pki: Pki;

beforeAll(() => {
  pki = new Pki();
  pki.ca('ca');
  for (const name of ['a', 'b', 'e', 'ip', 'localhost']) {
    const dns = name === 'ip' ? 'IP:127.0.0.1' : name === 'localhost' ? 'DNS:localhost' : `DNS:${name}.test`;
    pki.issue('ca', name, { subject: `/CN=${name === 'ip' ? '127.0.0.1' : dns.slice(4)}`, san: [dns] });
  }
  pki.issue('ca', 'cd', { subject: '/CN=c.test', san: ['DNS:c.test', 'DNS:d.test'] });
});
afterAll(() => pki.remove());
afterEach(stopAll);

const SITES = `
https://a.test:0 {
	tls a.crt a.key {
		protocols tls1.3
		hsts 600 include_subdomains
	}
	respond "a {tls_version} {proto}"
}

https://b.test:0 {
	tls b.crt b.key {
		ciphers ECDHE-ECDSA-AES256-GCM-SHA384 TLS_CHACHA20_POLY1305_SHA256
		alpn http/1.1
	}
	respond "b {tls_version} {tls_cipher} {proto}"
}

https://c.test:0 {
	tls cd.crt cd.key
	respond "c"
}

https://d.test:0 {
	tls cd.crt cd.key
	respond "d"
}

https://e.test:0 {
	tls e.crt e.key {
		allow_sni_mismatch
	}
	respond "e"
}
`;

function serve(global: string, extra = ''): ReturnType<typeof serveIn> {
  return serveIn(pki.dir, `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n${global}}\n${SITES}${extra}`);
}

interface Handshake {
  readonly cn: string | null;
  readonly version: string | null;
  readonly cipher: string | null;
  readonly alpn: string | false | null;
  readonly error: string | null;
}

function handshake(port: number, options: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'], ...options }, () => {
      const cn = socket.getPeerCertificate().subject?.CN;
      resolve({ cn: typeof cn === 'string' ? cn : null, version: socket.getProtocol(), cipher: socket.getCipher().name, alpn: socket.alpnProtocol ?? null, error: null });
      socket.end();
    });
    socket.on('error', (err) => resolve({ cn: null, version: null, cipher: null, alpn: null, error: err.message }));
  });
}

/** One HTTP/1.1 request over a fresh TLS connection with this SNI (or none) and this Host. */
function get(port: number, servername: string | null, host: string): Promise<{ status: number; body: string; hsts: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/', headers: { host }, rejectUnauthorized: false, agent: false, ...(servername === null ? {} : { servername }) },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, hsts: res.headers['strict-transport-security'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Requests on ONE HTTP/2 connection made for `servername`, as a browser coalescing connections would send them. */
async function h2Requests(port: number, servername: string, authorities: readonly string[]): Promise<string[]> {
  const session = h2connect(`https://127.0.0.1:${port}`, { servername, rejectUnauthorized: false });
  try {
    const out: string[] = [];
    for (const authority of authorities) {
      out.push(
        await new Promise<string>((resolve, reject) => {
          const stream = session.request({ ':path': '/', ':authority': authority });
          let status = 0;
          let body = '';
          stream.on('response', (h) => (status = Number(h[':status'])));
          stream.setEncoding('utf8').on('data', (c: string) => (body += c));
          stream.on('end', () => resolve(`${status} ${body.trim()}`));
          stream.on('error', reject);
        }),
      );
    }
    return out;
  } finally {
    session.close();
  }
}

describe('per-site TLS policies on one port', () => {
  it('negotiates each site with its own versions, ciphers and ALPN', async () => {
    const rws = await serve('');
    const port = rws.port();
    expect(await handshake(port, { servername: 'a.test' })).toMatchObject({ cn: 'a.test', version: 'TLSv1.3', alpn: 'h2' });
    // a.test accepts TLS 1.3 only; b.test on the same port still speaks TLS 1.2, with its own cipher.
    expect((await handshake(port, { servername: 'a.test', maxVersion: 'TLSv1.2' })).error).not.toBeNull();
    expect(await handshake(port, { servername: 'b.test', maxVersion: 'TLSv1.2' })).toMatchObject({ cn: 'b.test', version: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES256-GCM-SHA384' });
    expect(await handshake(port, { servername: 'b.test' })).toMatchObject({ version: 'TLSv1.3', cipher: 'TLS_CHACHA20_POLY1305_SHA256', alpn: 'http/1.1' });
    // A TLS 1.2 suite b.test did not list is refused there, though the default policy allows it.
    expect((await handshake(port, { servername: 'b.test', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).error).not.toBeNull();
    expect(await handshake(port, { servername: 'c.test', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toMatchObject({ cn: 'c.test', version: 'TLSv1.2' });
    // The placeholders see what was negotiated.
    expect((await get(port, 'b.test', 'b.test')).body).toBe('b tls1.3 TLS_CHACHA20_POLY1305_SHA256 http/1.1');
    expect(await h2Requests(port, 'a.test', ['a.test'])).toEqual(['200 a tls1.3 http/2']);
  });

  it('sends HSTS on the sites that ask for it', async () => {
    const rws = await serve('');
    expect((await get(rws.port(), 'a.test', 'a.test')).hsts).toBe('max-age=600; includeSubDomains');
    expect((await get(rws.port(), 'b.test', 'b.test')).hsts).toBeUndefined();
  });
});

describe('default and unknown server names', () => {
  it('serves clients without SNI the default_sni site, unknown names too', async () => {
    const rws = await serve('\tdefault_sni b.test\n');
    expect((await handshake(rws.port(), {})).cn).toBe('b.test');
    expect((await handshake(rws.port(), { servername: 'unknown.test' })).cn).toBe('b.test');
  });

  it('serves an IP-address site to clients connecting by IP (no SNI) and localhost by name', async () => {
    const extra = '\nhttps://127.0.0.1:0 {\n\ttls ip.crt ip.key\n\trespond "by ip"\n}\n\nhttps://localhost:0 {\n\ttls localhost.crt localhost.key\n\trespond "local"\n}\n';
    const rws = await serve('', extra);
    expect((await handshake(rws.port(), {})).cn).toBe('127.0.0.1');
    expect(await get(rws.port(), null, `127.0.0.1:${rws.port()}`)).toMatchObject({ status: 200, body: 'by ip' });
    expect((await handshake(rws.port(), { servername: 'localhost' })).cn).toBe('localhost');
    expect(await get(rws.port(), 'localhost', `localhost:${rws.port()}`)).toMatchObject({ status: 200, body: 'local' });
  });

  it('refuses handshakes for names no site serves with unknown_sni reject, but not clients without SNI', async () => {
    const rws = await serve('\tdefault_sni c.test\n\tunknown_sni reject\n');
    expect((await handshake(rws.port(), { servername: 'unknown.test' })).error).not.toBeNull();
    expect((await handshake(rws.port(), {})).cn).toBe('c.test');
    expect((await handshake(rws.port(), { servername: 'b.test' })).cn).toBe('b.test');
  });
});

describe('421 Misdirected Request', () => {
  it('answers 421 when the Host names a site with another certificate or policy than the SNI', async () => {
    const rws = await serve('');
    const port = rws.port();
    expect(await get(port, 'a.test', 'b.test')).toMatchObject({ status: 421 });
    expect(await get(port, 'a.test', 'a.test')).toMatchObject({ status: 200 });
    // c.test and d.test share one certificate and policy: a connection made for one is good for the other.
    expect(await get(port, 'c.test', 'd.test')).toMatchObject({ status: 200, body: 'd' });
    // e.test opted out.
    expect(await get(port, 'a.test', 'e.test')).toMatchObject({ status: 200, body: 'e' });
    // No SNI: nothing to compare with.
    expect(await get(port, null, 'b.test')).toMatchObject({ status: 200 });
  });

  it('answers 421 on a coalesced HTTP/2 connection, and serves the names it was made for', async () => {
    const rws = await serve('');
    expect(await h2Requests(rws.port(), 'c.test', ['c.test', 'd.test', 'a.test', 'e.test'])).toEqual(['200 c', '200 d', expect.stringMatching(/^421 /), '200 e']);
  });
});

describe('reload', () => {
  it('new connections get the new policy and the 421 check of the new plan, on the same port', async () => {
    const rws = await serve('');
    const port = rws.port();
    expect(await handshake(port, { servername: 'c.test', maxVersion: 'TLSv1.2' })).toMatchObject({ version: 'TLSv1.2' });
    expect(await get(port, 'c.test', 'a.test')).toMatchObject({ status: 421 });
    // c.test now accepts TLS 1.3 only, and a.test takes requests from any connection.
    const next = `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n${SITES}`
      .replace('tls cd.crt cd.key\n\trespond "c"', 'tls cd.crt cd.key {\n\t\tprotocols tls1.3\n\t}\n\trespond "c"')
      .replace('protocols tls1.3\n\t\thsts', 'protocols tls1.3\n\t\tallow_sni_mismatch\n\t\thsts');
    expect((await rws.server.apply(compileIn(pki.dir, next))).changed).toBe(true);
    expect(rws.port()).toBe(port);
    expect((await handshake(port, { servername: 'c.test', maxVersion: 'TLSv1.2' })).error).not.toBeNull();
    expect(await get(port, 'c.test', 'a.test')).toMatchObject({ status: 200 });
  });
});
