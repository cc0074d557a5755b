/**
 * Trusted proxies and the forwarding headers: X-Forwarded-* and Forwarded from an untrusted peer are
 * replaced, from a trusted one extended; Via is always extended; {client_ip}, the client_ip matcher and
 * ip_hash use the resolved client IP, {remote_ip} stays the TCP peer. Clients connect from 127.0.0.1, so
 * `trusted_proxies 127.0.0.1` makes the test client a trusted proxy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { compileRwsfile, hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

async function echoHeaders() {
  return trackedUpstream((req, res) => res.end(JSON.stringify(req.headers)));
}

function site(globals: string, body: string): string {
  return `{\n  admin off\n${globals}}\nhttp://127.0.0.1:0 {\n${body}\n}\n`;
}

async function seenUpstream(url: string, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  const res = await request(url, { headers });
  return JSON.parse(await res.body.text()) as IncomingHttpHeaders;
}

const CLAIMS = {
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'claimed.example',
  forwarded: 'for=203.0.113.9;proto=https',
  via: '1.1 edge',
};

describe('forwarding headers sent upstream', () => {
  test('from an untrusted peer, what the client claims is replaced', async () => {
    const u = await echoHeaders();
    const rws = await serveRwsfile(site('  trusted_proxies 10.0.0.0/8\n', `  reverse_proxy ${hostPort(u.url)}`));
    const seen = await seenUpstream(`${rws.url}/`, CLAIMS);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(`127.0.0.1:${rws.port}`);
    expect(seen['forwarded']).toBe(`for=127.0.0.1;host="127.0.0.1:${rws.port}";proto=http`);
    expect(seen['via']).toBe('1.1 edge, 1.1 rws');
  });

  test('with no trusted_proxies at all, likewise', async () => {
    const u = await echoHeaders();
    const rws = await serveRwsfile(site('', `  reverse_proxy ${hostPort(u.url)}`));
    const seen = await seenUpstream(`${rws.url}/`, CLAIMS);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['forwarded']).toBe(`for=127.0.0.1;host="127.0.0.1:${rws.port}";proto=http`);
  });

  test('from a trusted peer, the chain is extended and the original scheme and host kept', async () => {
    const u = await echoHeaders();
    const rws = await serveRwsfile(site('  trusted_proxies 127.0.0.1\n', `  reverse_proxy ${hostPort(u.url)}`));
    const seen = await seenUpstream(`${rws.url}/`, CLAIMS);
    expect(seen['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('https');
    expect(seen['x-forwarded-host']).toBe('claimed.example');
    expect(seen['forwarded']).toBe(`for=203.0.113.9;proto=https, for=127.0.0.1;host="127.0.0.1:${rws.port}";proto=http`);
    expect(seen['via']).toBe('1.1 edge, 1.1 rws');
  });

  test('header_up can still remove them', async () => {
    const u = await echoHeaders();
    const rws = await serveRwsfile(site('', `  reverse_proxy ${hostPort(u.url)} {\n    header_up -Forwarded\n    header_up -Via\n  }`));
    const seen = await seenUpstream(`${rws.url}/`, {});
    expect(seen['forwarded']).toBeUndefined();
    expect(seen['via']).toBeUndefined();
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
  });
});

describe('{client_ip}', () => {
  const show = '  respond "client={client_ip} peer={remote_ip}"';

  async function clientIp(globals: string, headers: Record<string, string>): Promise<string> {
    const rws = await serveRwsfile(site(globals, show));
    const res = await request(`${rws.url}/`, { headers });
    return res.body.text();
  }

  test('is the peer when it is not trusted, whatever the headers say', async () => {
    expect(await clientIp('  trusted_proxies 10.0.0.0/8\n', { 'x-forwarded-for': '198.51.100.7' })).toBe('client=127.0.0.1 peer=127.0.0.1');
  });

  test('comes from X-Forwarded-For, right to left past trusted hops, when the peer is trusted', async () => {
    const globals = '  trusted_proxies 127.0.0.1 10.0.0.0/8\n';
    expect(await clientIp(globals, { 'x-forwarded-for': '198.51.100.7, 10.1.2.3' })).toBe('client=198.51.100.7 peer=127.0.0.1');
    // A client prepending its own claim does not win: the rightmost untrusted address does.
    expect(await clientIp(globals, { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' })).toBe('client=198.51.100.7 peer=127.0.0.1');
    // Garbage stops the walk at the last address that could be checked.
    expect(await clientIp(globals, { 'x-forwarded-for': 'nonsense, 10.1.2.3' })).toBe('client=10.1.2.3 peer=127.0.0.1');
    expect(await clientIp(globals, {})).toBe('client=127.0.0.1 peer=127.0.0.1');
  });

  test('client_ip_headers: the first present wins; Forwarded is read as RFC 7239', async () => {
    const globals = '  trusted_proxies private_ranges\n  client_ip_headers X-Real-IP Forwarded\n';
    expect(await clientIp(globals, { 'x-real-ip': '198.51.100.8', forwarded: 'for=198.51.100.9' })).toBe('client=198.51.100.8 peer=127.0.0.1');
    expect(await clientIp(globals, { forwarded: 'for="[2001:db8::1]:4711";proto=https, for=10.0.0.1' })).toBe('client=2001:db8::1 peer=127.0.0.1');
    expect(await clientIp(globals, { 'x-forwarded-for': '198.51.100.7' })).toBe('client=127.0.0.1 peer=127.0.0.1');
  });
});

describe('what reads the client IP', () => {
  test('the client_ip matcher', async () => {
    const rws = await serveRwsfile(
      site('  trusted_proxies 127.0.0.1\n', '  @office client_ip 198.51.100.0/24\n  respond @office "office"\n  respond "elsewhere"'),
    );
    const ask = async (xff: string) => (await request(`${rws.url}/`, { headers: { 'x-forwarded-for': xff } })).body.text();
    expect(await ask('198.51.100.20')).toBe('office');
    expect(await ask('192.0.2.1')).toBe('elsewhere');
  });

  test('lb_policy ip_hash: the same client IP always gets the same upstream, different ones spread', async () => {
    const a = await trackedUpstream((_req, res) => res.end('a'));
    const b = await trackedUpstream((_req, res) => res.end('b'));
    const rws = await serveRwsfile(
      site('  trusted_proxies 127.0.0.1\n', `  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {\n    lb_policy ip_hash\n  }`),
    );
    const ask = async (ip: string) => (await request(`${rws.url}/`, { headers: { 'x-forwarded-for': ip } })).body.text();
    const first = new Map<string, string>();
    for (let i = 0; i < 40; i++) first.set(`198.51.100.${i}`, await ask(`198.51.100.${i}`));
    for (const [ip, got] of first) expect(await ask(ip)).toBe(got);
    expect(new Set(first.values())).toEqual(new Set(['a', 'b']));
  });
});

describe('the access log', () => {
  test('has the client IP next to the TCP peer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rws-forwarded-'));
    deferCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'access.json');
    const rws = await serveRwsfile(site('  trusted_proxies 127.0.0.1\n', `  log {\n    output file ${file}\n    format json\n  }\n  respond "ok"`));
    await (await request(`${rws.url}/`, { headers: { 'x-forwarded-for': '198.51.100.7' } })).body.text();
    let text = '';
    for (let i = 0; i < 100 && !text.includes('\n'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    }
    expect(JSON.parse(text.split('\n')[0])).toMatchObject({ remote_ip: '127.0.0.1', client_ip: '198.51.100.7' });
  });
});

describe('compiling trusted_proxies and client_ip_headers', () => {
  test('ranges are normalised, private_ranges expanded, headers lower-cased; absent = no trustedProxies', () => {
    const plan = compileRwsfile(site('  trusted_proxies 192.168.1.7 private_ranges\n  client_ip_headers X-Real-IP\n', '  respond "{client_ip}"'));
    expect(plan.global.trustedProxies).toEqual({
      ranges: ['192.168.1.7/32', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', 'fd00::/8', '::1/128'],
      headers: ['x-real-ip'],
    });
    expect(compileRwsfile(site('  trusted_proxies ::1\n', '  respond "x"')).global.trustedProxies).toEqual({ ranges: ['::1/128'], headers: ['x-forwarded-for'] });
    expect(compileRwsfile(site('', '  respond "x"')).global.trustedProxies).toBeUndefined();
  });
});
