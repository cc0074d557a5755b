import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../runtime/support/server.ts';
import { Pki } from './support/pki.ts';
import { compileIn, freePort, serveIn } from './support/serve.ts';

// Automatic HTTP → HTTPS redirects: every HTTPS site name gets a 308 on the HTTP port to the same URL over
// HTTPS, unless the Rwsfile serves that name over plain HTTP itself or `auto_https disable_redirects` is set.
let pki: Pki;

beforeAll(() => {
  pki = new Pki();
  pki.ca('ca');
  pki.issue('ca', 'a', { subject: '/CN=a.test', san: ['DNS:a.test', 'DNS:*.w.test'] });
  pki.issue('ca', 'b', { subject: '/CN=b.test', san: ['DNS:b.test'] });
});
afterAll(() => pki.remove());
afterEach(stopAll);

function rwsfile(httpPort: number, httpsPort: number, extraGlobal = ''): string {
  return `{
	admin off
	default_bind 127.0.0.1
	http_port ${httpPort}
	https_port ${httpsPort}
${extraGlobal}}

https://a.test, https://*.w.test {
	tls a.crt a.key
	respond "secure {host} {uri}"
}

https://b.test {
	tls b.crt b.key
	respond "secure b"
}

http://b.test {
	respond "plain b"
}
`;
}

function httpGet(port: number, host: string, path: string): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function follow(location: string): Promise<string> {
  const url = new URL(location);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: Number(url.port), path: url.pathname + url.search, servername: url.hostname, headers: { host: url.host }, ca: pki.read('ca.crt'), agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP to HTTPS redirects', () => {
  it('redirects every HTTPS name with 308 to the same path and query, and the target serves it', async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    await serveIn(pki.dir, rwsfile(httpPort, httpsPort));
    const a = await httpGet(httpPort, `a.test:${httpPort}`, '/some/path?x=1&y=%20');
    expect(a).toMatchObject({ status: 308, location: `https://a.test:${httpsPort}/some/path?x=1&y=%20` });
    expect(await follow(a.location!)).toBe('200 secure a.test /some/path?x=1&y=%20');
    const w = await httpGet(httpPort, 'x.w.test', '/');
    expect(w).toMatchObject({ status: 308, location: `https://x.w.test:${httpsPort}/` });
    expect(await follow(w.location!)).toBe('200 secure x.w.test /');
  });

  it('leaves names the Rwsfile serves over plain HTTP alone, and knows no other names', async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    await serveIn(pki.dir, rwsfile(httpPort, httpsPort));
    expect(await httpGet(httpPort, 'b.test', '/')).toMatchObject({ status: 200, body: 'plain b' });
    expect((await httpGet(httpPort, 'other.test', '/')).status).toBe(404);
  });

  it('adds no redirects with auto_https disable_redirects', () => {
    const plan = compileIn(pki.dir, rwsfile(8080, 8443, '\tauto_https disable_redirects\n'));
    const http = plan.listeners.find((l) => l.key === 'http/127.0.0.1/8080');
    expect(http?.sites.map((s) => s.name)).toEqual(['http://b.test']);
    const withRedirects = compileIn(pki.dir, rwsfile(8080, 8443));
    expect(withRedirects.listeners.find((l) => l.key === 'http/127.0.0.1/8080')?.sites.map((s) => s.name)).toEqual([
      'http://b.test',
      'http://a.test:8080, http://*.w.test:8080 (redirect to https)',
    ]);
  });
});
