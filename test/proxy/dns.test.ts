/**
 * Upstreams from DNS, re-resolved on an interval: a real DNS server (dnsmasq, on a loopback port, started and
 * stopped by PID here) serves A and SRV records; a changed record moves new requests to the new upstream
 * while a request in flight on the old one completes; a DNS outage keeps the last good answer; SRV weights
 * are honoured.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { deferCleanup, runCleanups } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually } from '../runtime/handlers/fixtures/upstream.ts';
import { gate } from '../runtime/support/upstream.ts';
import { serveRwsfile } from './support.ts';

afterEach(runCleanups);

/** dnsmasq lives in /usr/sbin, which a non-root PATH may lack (.ci/run installs dnsmasq-base). */
const DNSMASQ = existsSync('/usr/sbin/dnsmasq') ? '/usr/sbin/dnsmasq' : 'dnsmasq';
const HAVE_DNSMASQ = spawnSync(DNSMASQ, ['--version'], { stdio: 'ignore' }).status === 0;

/** A port free on 127.0.0.1 for both TCP and UDP (dnsmasq binds both), bound and released; a few tries. */
async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as AddressInfo).port;
    const udp = dgram.createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (free) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

/** A record every instance serves, to tell when it is answering. */
const PROBE = '127.0.0.9 ready.probe\n';

class Dnsmasq {
  readonly port: number;
  readonly #dir: string;
  #child: ChildProcess | null = null;

  private constructor(port: number, dir: string) {
    this.port = port;
    this.#dir = dir;
  }

  /** Serves `hosts` (an /etc/hosts text) and the SRV records (`name,target,port,priority,weight`). */
  static async start(hosts: string, srv: string[] = []): Promise<Dnsmasq> {
    const dns = new Dnsmasq(await freeDnsPort(), mkdtempSync(join(tmpdir(), 'rws-dns-')));
    deferCleanup(() => dns.stop());
    await dns.run(hosts, srv);
    return dns;
  }

  /** Rewrites the hosts file and makes dnsmasq read it again (SIGHUP). */
  async setHosts(hosts: string): Promise<void> {
    writeFileSync(join(this.#dir, 'hosts'), `${PROBE}${hosts}`);
    this.#child!.kill('SIGHUP');
  }

  /** SRV records come from the command line: restart on the same port. */
  async restart(hosts: string, srv: string[]): Promise<void> {
    await this.halt();
    await this.run(hosts, srv);
  }

  async halt(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (child === null || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }

  async stop(): Promise<void> {
    await this.halt();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  private async run(hosts: string, srv: string[]): Promise<void> {
    writeFileSync(join(this.#dir, 'hosts'), `${PROBE}${hosts}`);
    this.#child = spawn(
      DNSMASQ,
      [
        '--keep-in-foreground', `--port=${this.port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
        `--addn-hosts=${join(this.#dir, 'hosts')}`, '--pid-file=', `--user=${userInfo().username}`, '--cache-size=0',
        ...srv.map((r) => `--srv-host=${r}`),
      ],
      { stdio: 'ignore' },
    );
    const child = this.#child;
    // Ready when it answers (bounded); an instance that exited (port taken) fails at once.
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([`127.0.0.1:${this.port}`]);
    for (let i = 0; i < 50 && child.exitCode === null; i++) {
      try {
        await resolver.resolve4('ready.probe');
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error('dnsmasq did not start');
  }
}

/** An upstream answering its name, on host:port (port 0 = any); requests for /slow are held until `hold.wait`. */
async function named(name: string, host = '127.0.0.1', port = 0, hold: { wait: Promise<void>; held: string[] } | null = null): Promise<number> {
  const server = http.createServer((req, res) => {
    if (hold === null || req.url !== '/slow') {
      res.end(name);
      return;
    }
    hold.held.push(req.url);
    void hold.wait.then(() => res.end(name));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  deferCleanup(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return (server.address() as AddressInfo).port;
}

async function ask(url: string): Promise<string> {
  const res = await request(url);
  return `${res.statusCode} ${await res.body.text()}`;
}

/** Asks until the answer is `expected` (bounded by tries, not by time). */
async function until(url: string, expected: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if ((await ask(url)) === expected) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

function site(dynamic: string): string {
  return `{\n  admin off\n}\nhttp://127.0.0.1:0 {\n  reverse_proxy {\n    ${dynamic}\n  }\n}\n`;
}

describe.skipIf(!HAVE_DNSMASQ)('dynamic upstreams from DNS', () => {
  test('A records: a changed record moves new requests; the request in flight finishes; an outage keeps the last answer', async () => {
    const held = { ...gate(), held: [] as string[] };
    const port = await named('a', '127.0.0.1', 0, held);
    await named('b', '127.0.0.2', port);
    const dns = await Dnsmasq.start('127.0.0.1 api.test\n');
    const rws = await serveRwsfile(site(`dynamic a api.test ${port} {\n      refresh 50ms\n      versions ipv4\n      resolvers 127.0.0.1:${dns.port}\n    }`));

    // Ready at once: provisioning waited for the first answer. This request stays in flight on `a`.
    expect(await ask(`${rws.url}/`)).toBe('200 a');
    const inFlight = ask(`${rws.url}/slow`);
    expect(await eventually(() => held.held.length === 1)).toBe(true);
    await dns.setHosts('127.0.0.2 api.test\n');
    expect(await until(`${rws.url}/`, '200 b')).toBe(true);
    held.open();
    expect(await inFlight).toBe('200 a');

    await dns.halt();
    for (let i = 0; i < 5; i++) expect(await ask(`${rws.url}/`)).toBe('200 b');
  });

  test('SRV records: targets, ports and weights; a new answer replaces the set', async () => {
    const p1 = await named('one');
    const p2 = await named('two');
    const p3 = await named('three');
    const name = '_http._tcp.svc.test';
    const dns = await Dnsmasq.start('', [`${name},localhost,${p1},0,30`, `${name},localhost,${p2},0,10`, `${name},localhost,${p3},1,10`]);
    const rws = await serveRwsfile(site(`dynamic srv ${name} {\n      refresh 50ms\n      resolvers 127.0.0.1:${dns.port}\n    }`));

    // Lowest priority only (three is a fallback record), weighted 3:1 by smooth round robin.
    const counts = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const got = await ask(`${rws.url}/`);
      counts.set(got, (counts.get(got) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ '200 one': 30, '200 two': 10 });

    await dns.restart('', [`${name},localhost,${p3},0,10`]);
    expect(await until(`${rws.url}/`, '200 three')).toBe(true);
    for (let i = 0; i < 5; i++) expect(await ask(`${rws.url}/`)).toBe('200 three');
  });
});
