/**
 * Pebble (Let's Encrypt's test CA) and pebble-challtestsrv (as its DNS server only: every name resolves to
 * 127.0.0.1) on free loopback ports, for one test file. Pebble validates HTTP-01 on `httpPort` and TLS-ALPN-01
 * on `tlsPort`: the ports the rws under test listens on. Every process started here is killed, by PID, in stop().
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

export interface PebbleOptions {
  /** Certificate lifetime in seconds (default: Pebble's 5 years). */
  readonly validitySeconds?: number;
  /** Ports of rws's HTTP and HTTPS listeners (Pebble connects there to validate); default: fresh free ports. */
  readonly httpPort?: number;
  readonly tlsPort?: number;
  /** External account binding keys (key id → base64url HMAC key): when given, Pebble requires EAB. */
  readonly eab?: Readonly<Record<string, string>>;
}

export class Pebble {
  readonly dir: string;
  /** The ACME directory URL. */
  readonly directory: string;
  /** PEM of the CA that signed Pebble's own HTTPS certificate (for `acme_ca_root`). */
  readonly apiRootFile: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  readonly dnsPort: number;
  private readonly managementUrl: string;
  private readonly challtestUrl: string;
  private readonly processes: ChildProcess[] = [];
  private readonly agent: Agent;
  private readonly configFile: string;
  private readonly listenPort: number;
  private output = '';

  private constructor(dir: string, ports: number[], options: PebbleOptions) {
    const [listen, management, dns, challMgmt, http, tls] = ports;
    this.dir = dir;
    this.listenPort = listen;
    this.directory = `https://127.0.0.1:${listen}/dir`;
    this.managementUrl = `https://127.0.0.1:${management}`;
    this.challtestUrl = `http://127.0.0.1:${challMgmt}`;
    this.dnsPort = dns;
    this.httpPort = options.httpPort ?? http;
    this.tlsPort = options.tlsPort ?? tls;
    this.apiRootFile = join(dir, 'api-ca.pem');
    this.configFile = join(dir, 'pebble.json');
    makeApiCertificate(dir);
    this.agent = new Agent({ connect: { ca: readFileSync(this.apiRootFile, 'utf8') } });
    writeFileSync(
      this.configFile,
      JSON.stringify({
        pebble: {
          listenAddress: `127.0.0.1:${listen}`,
          managementListenAddress: `127.0.0.1:${management}`,
          certificate: join(dir, 'api.pem'),
          privateKey: join(dir, 'api.key'),
          httpPort: this.httpPort,
          tlsPort: this.tlsPort,
          ocspResponderURL: '',
          externalAccountBindingRequired: options.eab !== undefined,
          ...(options.eab === undefined ? {} : { externalAccountMACKeys: options.eab }),
          ...(options.validitySeconds === undefined ? {} : { certificateValidityPeriod: options.validitySeconds }),
        },
      }),
    );
    void challMgmt;
  }

  static async start(options: PebbleOptions = {}): Promise<Pebble> {
    const dir = mkdtempSync(join(tmpdir(), 'rws-pebble-'));
    const pebble = new Pebble(dir, await freePorts(6), options);
    try {
      pebble.spawn('pebble-challtestsrv', [
        '-defaultIPv4', '127.0.0.1', '-defaultIPv6', '',
        '-dns01', `127.0.0.1:${pebble.dnsPort}`,
        '-http01', '', '-https01', '', '-tlsalpn01', '',
        '-management', pebble.challtestUrl.slice('http://'.length),
      ]);
      await pebble.startCa();
    } catch (err) {
      await pebble.stop();
      throw err;
    }
    return pebble;
  }

  /** Stops the CA only (an outage); challtestsrv keeps running. */
  async stopCa(): Promise<void> {
    const ca = this.processes.find((p) => p.spawnargs[0] === 'pebble');
    if (ca === undefined) return;
    this.processes.splice(this.processes.indexOf(ca), 1);
    await kill(ca);
  }

  /** Starts the CA (again, after stopCa(): with a new root, as Pebble always does). */
  async startCa(): Promise<void> {
    this.spawn('pebble', ['-config', this.configFile, '-dnsserver', `127.0.0.1:${this.dnsPort}`], {
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
      PEBBLE_AUTHZREUSE: '0',
    });
    for (let i = 0; i < 100; i++) {
      try {
        const res = await request(this.directory, { dispatcher: this.agent });
        await res.body.text();
        if (res.statusCode === 200) return;
      } catch {
        // not up yet
      }
      await sleep(100);
    }
    throw new Error(`pebble did not start:\n${this.output}`);
  }

  /** The PEM of the root that signs issued certificates (changes on every CA start). */
  async issuingRoot(): Promise<string> {
    const res = await request(`${this.managementUrl}/roots/0`, { dispatcher: this.agent });
    return res.body.text();
  }

  /** challtestsrv's management API (DNS-01 TXT records). */
  async challtest(path: '/set-txt' | '/clear-txt', body: Record<string, string>): Promise<void> {
    const res = await request(`${this.challtestUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`challtestsrv ${path} answered ${res.statusCode}`);
  }

  /**
   * The global options an rws instance needs to get certificates from this Pebble: loopback listeners on the
   * ports Pebble validates against, its directory, the root of its API, and a storage folder.
   */
  rwsOptions(storage: string): string {
    return [
      '\tdefault_bind 127.0.0.1',
      `\thttp_port ${this.httpPort}`,
      `\thttps_port ${this.tlsPort}`,
      `\tacme_ca ${this.directory}`,
      `\tacme_ca_root ${this.apiRootFile}`,
      `\tstorage file ${storage}`,
    ].join('\n');
  }

  get challtestBase(): string {
    return this.challtestUrl;
  }

  async stop(): Promise<void> {
    const all = this.processes.splice(0);
    await Promise.all(all.map(kill));
    await this.agent.close();
  }

  /** Kills every process at once (SIGKILL), for a harness being interrupted; prefer stop(). */
  killNow(): void {
    for (const child of this.processes.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private spawn(command: string, args: string[], env: Record<string, string> = {}): void {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.output += err.code === 'ENOENT' ? `${command} is not installed (Debian: apt-get install pebble)\n` : `${command}: ${err.message}\n`;
    });
    this.processes.push(child);
  }
}

/** Free loopback TCP ports (bound to port 0, read, closed: Pebble's config needs numbers). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function makeApiCertificate(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'api-ca.key', '-out', 'api-ca.pem', '-subj', '/CN=pebble api test CA', '-days', '2']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'api.key', '-out', 'api.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'api.csr', '-CA', 'api-ca.pem', '-CAkey', 'api-ca.key', '-CAcreateserial', '-out', 'api.pem', '-days', '2', '-extfile', 'san.ext']);
}

async function kill(child: ChildProcess): Promise<void> {
  // Never started (not installed), or already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
