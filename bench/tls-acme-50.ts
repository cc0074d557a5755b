/**
 * Time from start to first served HTTPS request for N new names (default 50) against Pebble, for rws and, in
 * the same run, Caddy 2.6 (its automatic HTTPS is the bar). Each round: a fresh Pebble (fresh CA, no reused
 * authorizations), fresh storage, the server started with N names on one port, then every name requested over
 * HTTPS with the chain validated against Pebble's root until all answer. Reported: median over rounds of the
 * time to the first and to the last validated response, from process spawn. Not part of `npm test`.
 *
 *   node bench/tls-acme-50.ts [--names 50] [--rounds 3] [--no-caddy]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { getVerified } from '../test/tls/support/https-client.ts';
import { Pebble } from '../test/tls/support/pebble.ts';

const CLI = new URL('../cli/rws.ts', import.meta.url).pathname;
const { values } = parseArgs({ options: { names: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' }, 'no-caddy': { type: 'boolean', default: false } } });
const N = Number(values.names);
const ROUNDS = Number(values.rounds);
const withCaddy = !values['no-caddy'] && spawnSync('caddy', ['version']).status === 0;
const DEADLINE_MS = 180_000;
/** How often each pending name is tried: often enough to see it served within a quarter second, without the
 * polling itself (50 handshakes per try) eating the server's CPU. */
const POLL_MS = 250;

// Interrupted (Ctrl-C, timeout): no server or CA left running.
const live = new Set<{ kill(): void }>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const l of live) l.kill();
    process.exit(130);
  });
}

interface Round {
  readonly firstMs: number;
  readonly allMs: number;
}

type Contestant = 'rws' | 'caddy';

function names(): string[] {
  return Array.from({ length: N }, (_, i) => `n${i + 1}.bench.example.com`);
}

function rwsfile(pebble: Pebble, storage: string): string {
  return `{
	admin off
	log_level warn
	grace_period 200ms
${pebble.rwsOptions(storage)}
}

${names().join(', ')} {
	respond "ok {host}"
}
`;
}

function caddyfile(pebble: Pebble, storage: string): string {
  return `{
	admin off
	http_port ${pebble.httpPort}
	https_port ${pebble.tlsPort}
	acme_ca ${pebble.directory}
	acme_ca_root ${pebble.apiRootFile}
	storage file_system ${storage}
	default_bind 127.0.0.1
	log {
		level WARN
	}
}

${names().join(', ')} {
	respond "ok {host}"
}
`;
}

async function round(contestant: Contestant): Promise<Round> {
  const pebble = await Pebble.start();
  const pebbleHandle = { kill: () => pebble.killNow() };
  live.add(pebbleHandle);
  const dir = mkdtempSync(join(tmpdir(), `bench-acme-${contestant}-`));
  const storage = join(dir, 'storage');
  let child: ChildProcess | null = null;
  try {
    const root = await pebble.issuingRoot();
    let stderr = '';
    let started: number;
    if (contestant === 'rws') {
      writeFileSync(join(dir, 'Rwsfile'), rwsfile(pebble, storage));
      started = performance.now();
      child = spawn(process.execPath, [CLI, 'run', 'Rwsfile'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } else {
      writeFileSync(join(dir, 'Caddyfile'), caddyfile(pebble, storage));
      started = performance.now();
      child = spawn('caddy', ['run', '--config', 'Caddyfile', '--adapter', 'caddyfile'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir } });
    }
    const server = child;
    const serverHandle = { kill: () => server.kill('SIGKILL') };
    live.add(serverHandle);
    void server.once('exit', () => live.delete(serverHandle));
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const pending = new Set(names());
    let firstMs = -1;
    while (pending.size > 0) {
      if (performance.now() - started > DEADLINE_MS) throw new Error(`${contestant}: ${pending.size} names not served after ${DEADLINE_MS} ms\n${stderr}`);
      if (child.exitCode !== null) throw new Error(`${contestant} exited (${child.exitCode})\n${stderr}`);
      await Promise.all(
        [...pending].map(async (name) => {
          try {
            const answer = await getVerified(pebble.tlsPort, name, root);
            if (answer.status === 200 && answer.body === `ok ${name}`) {
              pending.delete(name);
              if (firstMs < 0) firstMs = performance.now() - started;
            }
          } catch {
            // not yet: no listener, no certificate, or not the CA's chain yet
          }
        }),
      );
      if (pending.size > 0) await sleep(POLL_MS);
    }
    return { firstMs, allMs: performance.now() - started };
  } finally {
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await pebble.stop();
    live.delete(pebbleHandle);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const contestants: Contestant[] = withCaddy ? ['rws', 'caddy'] : ['rws'];
const results = new Map<Contestant, Round[]>(contestants.map((c) => [c, []]));
const failures = new Map<Contestant, string[]>(contestants.map((c) => [c, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so neither always runs on a warmer machine.
  for (const c of r % 2 === 0 ? contestants : [...contestants].reverse()) {
    try {
      const result = await round(c);
      results.get(c)!.push(result);
      console.error(`round ${r + 1} ${c}: first ${result.firstMs.toFixed(0)} ms, all ${N} ${result.allMs.toFixed(0)} ms`);
    } catch (err) {
      // A round that does not finish is reported, not averaged in (Pebble occasionally rejects a request).
      const reason = (err as Error).message.split('\n')[0];
      failures.get(c)!.push(reason);
      console.error(`round ${r + 1} ${c}: did not finish: ${(err as Error).message.slice(0, 2000)}`);
    }
  }
}
console.log(`\nACME (Pebble, HTTP-01) — ${N} new names on one port, from process start; median of ${ROUNDS} rounds (min–max)`);
for (const c of contestants) {
  const rounds = results.get(c)!;
  for (const reason of failures.get(c)!) console.log(`  ${c.padEnd(6)} a round did not finish: ${reason}`);
  if (rounds.length === 0) continue;
  const all = rounds.map((x) => x.allMs);
  const first = rounds.map((x) => x.firstMs);
  console.log(`  ${c.padEnd(6)} first validated response ${median(first).toFixed(0).padStart(6)} ms   all ${N} served ${median(all).toFixed(0).padStart(6)} ms  (${Math.min(...all).toFixed(0)}–${Math.max(...all).toFixed(0)})`);
}
if (withCaddy && results.get('rws')!.length > 0 && results.get('caddy')!.length > 0) {
  const ratio = median(results.get('rws')!.map((x) => x.allMs)) / median(results.get('caddy')!.map((x) => x.allMs));
  console.log(`  rws / caddy (all served): ${ratio.toFixed(2)}×`);
}
