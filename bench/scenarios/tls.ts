/**
 * tls: what TLS costs each server, on one core each, with the same EC P-256 certificate:
 *   - handshakes/s, full (`openssl s_time -new`: a new session per connection) and resumed (`-reuse`: session
 *     tickets / ids), one connection at a time;
 *   - HTTPS requests/s over HTTP/1.1 (wrk, keep-alive) and HTTP/2 (h2load, streams multiplexed);
 * rws vs nginx vs caddy, ratios against nginx and caddy.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchEnv } from '../bench-env.ts';
import { caddyHttps, nginxHttps, rwsHttps, type TlsFiles } from '../peers/tls-peers.ts';
import { rwsUnavailable } from '../peers/rws.ts';
import type { Expectation, Probe } from '../readiness.ts';
import type { LoadTable, ScenarioReport } from '../results.ts';
import { type ContestantSpec, Contestants } from '../contestants.ts';
import { type LoadRun, measureLoad } from '../rounds.ts';
import { runH2load, runSTime } from '../tls-clients.ts';

const EXPECT: Expectation = { status: 200, body: Buffer.from('ok') };
/** h2load: concurrent streams per connection (browsers allow 100; 10 keeps queues short). */
const H2_STREAMS = 10;

export async function tlsScenario(env: BenchEnv): Promise<ScenarioReport> {
  const files = certificate(env);
  const { nginx, caddy, openssl, h2load } = env.binaries;
  const specs: ContestantSpec[] = [
    { name: 'rws', missing: rwsUnavailable(env), spec: rwsHttps(env, files, EXPECT) },
    { name: 'nginx', missing: nginx === null ? 'nginx is not installed' : null, spec: nginx === null ? null : nginxHttps(nginx, files, EXPECT) },
    { name: 'caddy', missing: caddy === null ? 'caddy is not installed' : null, spec: caddy === null ? null : caddyHttps(caddy, files, EXPECT) },
  ];
  const contestants = await Contestants.start(env, 'tls', specs);
  try {
    const table = (run: Omit<LoadRun, 'expect' | 'baselines' | 'entrants'>, tool: string | null): Promise<LoadTable> =>
      measureLoad(env, {
        ...run,
        expect: EXPECT,
        baselines: ['nginx', 'caddy'],
        entrants: tool === null ? contestants.entrants((port) => `https://127.0.0.1:${port}/`) : contestants.skippedAll(`${tool} is not installed`),
      });

    const portOf = (probe: Probe): number => Number(new URL(probe.url).port);
    const sTime = (mode: 'new' | 'reuse') => (probe: Probe, durationSec: number) =>
      runSTime(env.children, { openssl: openssl!, host: '127.0.0.1', port: portOf(probe), mode, durationSec, pinning: env.pinning });
    const handshakeNotes = [
      'req/s here = connections/s: openssl s_time opens a connection, handshakes, sends one GET / (so TLS 1.3 tickets are read),',
      'closes, one connection at a time. p50/p99 are not measured by s_time. TLS 1.3, X25519, ECDSA P-256 certificate.',
    ];
    const tables: LoadTable[] = [];
    tables.push(
      await table(
        { title: 'TLS handshakes, full', request: 'openssl s_time -new -www / (a new session each time)', notes: handshakeNotes, runner: sTime('new'), load: 'one connection at a time' },
        openssl === null ? 'openssl' : null,
      ),
    );
    tables.push(
      await table(
        { title: 'TLS handshakes, resumed', request: 'openssl s_time -reuse -www / (session tickets)', notes: handshakeNotes, runner: sTime('reuse'), load: 'one connection at a time' },
        openssl === null ? 'openssl' : null,
      ),
    );
    tables.push(await table({ title: 'HTTPS HTTP/1.1', request: 'GET / → "ok" over TLS 1.3, keep-alive (wrk)' }, env.binaries.wrk === null ? 'wrk' : null));
    tables.push(
      await table(
        {
          title: 'HTTPS HTTP/2',
          request: `GET / → "ok" over TLS 1.3, h2 by ALPN, ${H2_STREAMS} streams per connection (h2load)`,
          notes: ['p50/p99: h2load prints no percentiles (its mean is in --json). Connections open during a 2 s warm-up, not measured.'],
          load: `${env.options.connections} connections × ${H2_STREAMS} streams, 1 h2load thread`,
          runner: (probe, durationSec) =>
            runH2load(env.children, { h2load: h2load!, url: probe.url, durationSec, connections: env.options.connections, streams: H2_STREAMS, pinning: env.pinning }),
        },
        h2load === null ? 'h2load' : null,
      ),
    );
    return { scenario: 'tls', tables };
  } finally {
    await contestants.stop();
  }
}

/** One self-signed EC P-256 certificate for 127.0.0.1 (and bench.test), shared by every contestant. */
function certificate(env: BenchEnv): TlsFiles {
  const certFile = join(env.tmpDir, 'tls-bench.crt');
  const keyFile = join(env.tmpDir, 'tls-bench.key');
  execFileSync(
    env.binaries.openssl ?? 'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=bench.test', '-addext', 'subjectAltName=DNS:bench.test,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}
