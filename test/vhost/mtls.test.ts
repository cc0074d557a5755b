import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect as h2connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../runtime/support/server.ts';
import { type Issued, Pki } from './support/pki.ts';
import { serveIn } from './support/serve.ts';

// Client certificates (mTLS), per site on one port: `require` refuses a client without a trusted, unrevoked
// certificate and passes the certificate's details upstream; `verify_if_given` accepts none but refuses a bad
// one; `request` passes any on, saying whether it verified; a site without client_auth is unaffected.
let pki: Pki;
let alice: Issued;
let bob: Issued;
let mallory: Issued;
let upstream: Server;
let seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  pki = new Pki();
  pki.ca('ca');
  pki.ca('rogue');
  pki.issue('ca', 'server', { subject: '/CN=secure.test', san: ['DNS:secure.test', 'DNS:optional.test', 'DNS:any.test', 'DNS:open.test', 'DNS:gate.test'] });
  alice = pki.issue('ca', 'alice', { subject: '/O=Example, Inc./CN=alice', san: ['DNS:alice.example', 'email:alice@example.com'], client: true });
  bob = pki.issue('ca', 'bob', { subject: '/CN=bob', san: ['DNS:bob.example'], client: true });
  mallory = pki.issue('rogue', 'mallory', { subject: '/CN=mallory', san: ['URI:spiffe://rogue/mallory'], client: true });
  pki.revoke('ca', 'bob');
  upstream = createServer((req, res) => {
    seen.push(req.headers);
    res.end('upstream');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  pki.remove();
});
afterEach(async () => {
  seen = [];
  await stopAll();
});

function rwsfile(): string {
  const { port } = upstream.address() as { port: number };
  return `{
	admin off
	default_bind 127.0.0.1
}

https://secure.test:0 {
	tls server.crt server.key {
		client_auth {
			trust_pool file ca.crt
			crl ca.crl
		}
	}
	reverse_proxy 127.0.0.1:${port} {
		header_up X-Client-Subject {tls_client_subject}
		header_up X-Client-San {tls_client_san_dns}
		header_up X-Client-Fingerprint {tls_client_fingerprint}
		header_up X-Client-Verified {tls_client_verified}
	}
}

https://optional.test:0 {
	tls server.crt server.key {
		client_auth {
			mode verify_if_given
			trust_pool file ca.crt
		}
	}
	respond "verified={tls_client_verified} subject={tls_client_subject}"
}

https://any.test:0 {
	tls server.crt server.key {
		client_auth {
			mode request
		}
	}
	respond "verified={tls_client_verified} issuer={tls_client_issuer} uri={tls_client_san_uri}"
}

https://open.test:0 {
	tls server.crt server.key
	respond "open {tls_client_subject}"
}

https://gate.test:0 {
	tls server.crt server.key {
		client_auth {
			mode verify_if_given
			trust_pool file ca.crt
		}
	}
	request_header X-Client-Verified {tls_client_verified}
	@verified header X-Client-Verified true
	respond @verified "welcome {tls_client_san_dns}"
	respond "anonymous" 403
}
`;
}

/** One HTTP/1.1 GET over a new connection for `name`, with a client certificate or none. */
function get(port: number, name: string, client: Issued | null, headers: Record<string, string> = {}, host = name): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: name,
        headers: { ...headers, host },
        ca: pki.read('ca.crt'),
        agent: false,
        ...(client === null ? {} : { cert: client.cert, key: client.key }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('client_auth require', () => {
  it('refuses a client without a certificate, or with an untrusted or revoked one', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    await expect(get(rws.port(), 'secure.test', null)).rejects.toThrow();
    await expect(get(rws.port(), 'secure.test', mallory)).rejects.toThrow();
    await expect(get(rws.port(), 'secure.test', bob)).rejects.toThrow();
    expect(seen).toHaveLength(0);
  });

  it('lets a trusted certificate through and passes its subject, SANs and fingerprint upstream', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    expect(await get(rws.port(), 'secure.test', alice)).toBe('200 upstream');
    expect(seen).toHaveLength(1);
    expect(seen[0]['x-client-subject']).toBe('CN=alice,O=Example\\, Inc.');
    expect(seen[0]['x-client-san']).toBe('alice.example');
    expect(seen[0]['x-client-fingerprint']).toBe(new X509Certificate(alice.cert).fingerprint256.replaceAll(':', '').toLowerCase());
    expect(seen[0]['x-client-verified']).toBe('true');
  });

  it('cannot be reached on a connection made for another site (421), even with allow_sni_mismatch', async () => {
    const text = rwsfile().replace('\t\t\tcrl ca.crl\n\t\t}\n', '\t\t\tcrl ca.crl\n\t\t}\n\t\tallow_sni_mismatch\n');
    expect(text).toContain('allow_sni_mismatch');
    const rws = await serveIn(pki.dir, text);
    expect(await get(rws.port(), 'open.test', null, {}, 'secure.test')).toMatch(/^421 /);
    expect(seen).toHaveLength(0);
  });

  it('works over HTTP/2 too', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    const session = h2connect(`https://127.0.0.1:${rws.port()}`, { servername: 'secure.test', ca: pki.read('ca.crt'), cert: alice.cert, key: alice.key });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ':path': '/', ':authority': 'secure.test' });
        let text = '';
        stream.setEncoding('utf8').on('data', (c: string) => (text += c));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      });
      expect(body).toBe('upstream');
      expect(seen[0]['x-client-subject']).toBe('CN=alice,O=Example\\, Inc.');
    } finally {
      session.close();
    }
  });
});

describe('client_auth verify_if_given and request', () => {
  it('verify_if_given: no certificate is fine, a trusted one is verified, an untrusted one is refused', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    expect(await get(rws.port(), 'optional.test', null)).toBe('200 verified= subject=');
    expect(await get(rws.port(), 'optional.test', alice)).toBe('200 verified=true subject=CN=alice,O=Example\\, Inc.');
    await expect(get(rws.port(), 'optional.test', mallory)).rejects.toThrow();
  });

  it('request: any certificate is passed on, marked unverified', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    expect(await get(rws.port(), 'any.test', mallory)).toBe('200 verified=false issuer=CN=rogue uri=spiffe://rogue/mallory');
  });

  it('a matcher can test the client certificate (through a request header rws sets itself)', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    expect(await get(rws.port(), 'gate.test', alice)).toBe('200 welcome alice.example');
    expect(await get(rws.port(), 'gate.test', null, { 'x-client-verified': 'true' })).toBe('403 anonymous');
  });

  it('a site without client_auth on the same port asks for no certificate', async () => {
    const rws = await serveIn(pki.dir, rwsfile());
    // openssl lists the CAs a server names in its certificate request: only the mTLS site sends one.
    expect(await clientCaNames(rws.port(), 'secure.test')).toContain('Acceptable client certificate CA names\nCN = ca');
    expect(await clientCaNames(rws.port(), 'open.test')).not.toContain('Acceptable client certificate CA names');
    expect(await get(rws.port(), 'open.test', null)).toBe('200 open ');
    expect(await get(rws.port(), 'open.test', alice)).toBe('200 open ');
  });
});

/** openssl s_client's report of a handshake (stdin closed, so it ends right after). */
function clientCaNames(port: number, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', name], { timeout: 10_000 }, (err, stdout) => {
      if (err !== null && stdout === '') reject(err);
      else resolve(stdout);
    });
    child.stdin?.end();
  });
}
