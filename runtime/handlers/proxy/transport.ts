/**
 * The connection side of one upstream: the undici dispatcher every request to it goes through, built from its
 * pool's transport and timeouts. HTTP/1.1 keep-alive pool; HTTP/2 over TLS (ALPN, falling back to HTTP/1.1)
 * or h2c (prior knowledge); TLS with a custom trust pool, SNI name, client certificate, or (only when asked)
 * no verification; PROXY protocol v1/v2 on each new connection (transport-proxy-protocol.ts).
 *
 * Invariant: called once per upstream when its pool is provisioned (CA, certificate and key files are read
 * here, so a missing file fails provisioning and the old plan keeps serving); the dispatcher is closed by the
 * Upstream that owns it.
 */
import { readFileSync } from 'node:fs';
import { buildConnector, type Dispatcher, Pool } from 'undici';
import type { UpstreamPoolPlan, UpstreamTlsPlan } from '../../plan/plan.ts';
import { connectionLimit } from './breaker.ts';
import { ProxyProtocolDispatcher } from './transport-proxy-protocol.ts';
import { UpgradeSplitDispatcher } from './transport-upgrades.ts';

/** What the dispatcher needs to know about the upstream it connects to. */
export interface DispatchTarget {
  /** "http://127.0.0.1:3000" */
  readonly origin: string;
  /** Host name sent as TLS SNI; null for http upstreams and IP literals. */
  readonly serverName: string | null;
}

/** Streams one HTTP/2 connection may carry at once (undici's `pipelining` for h2). */
const H2_STREAMS = 100;

export function createDispatcher(target: DispatchTarget, pool: UpstreamPoolPlan): Dispatcher {
  const options = poolOptions(target, pool);
  const proxy = pool.transport.proxyProtocol;
  const build = (o: TransportOptions): Dispatcher =>
    proxy === null ? new Pool(target.origin, { ...o, connect: buildConnector(o.connect) }) : new ProxyProtocolDispatcher(target.origin, o, proxy);
  const main = build(options);
  if (pool.transport.protocol === 'http1') return main;
  // HTTP/2 can't carry an HTTP Upgrade: WebSockets to this upstream use HTTP/1.1 connections of their own.
  return new UpgradeSplitDispatcher(main, () => build(http1Only(options)));
}

/** The same options, HTTP/1.1 only. */
function http1Only(options: TransportOptions): TransportOptions {
  const { useH2c: _, ...rest } = options as TransportOptions & { useH2c?: boolean };
  const { preferH2: _p, useH2c: _u, ...connect } = options.connect as buildConnector.BuildOptions & { useH2c?: boolean };
  return { ...rest, allowH2: false, pipelining: options.pipelining === 0 ? 0 : 1, connect: { ...connect, allowH2: false } };
}

/** undici Pool / Client options; `connect` is left as buildConnector options for the caller to wrap. */
export interface TransportOptions extends Omit<Pool.Options, 'connect'> {
  readonly connect: buildConnector.BuildOptions;
}

export function poolOptions(target: DispatchTarget, pool: UpstreamPoolPlan): TransportOptions {
  const { transport, timeouts } = pool;
  const keepAlive = transport.keepAliveTimeoutMs > 0;
  const h2 = transport.protocol !== 'http1';
  const tls = target.origin.startsWith('https:');
  return {
    connections: connectionLimit(transport, pool.breaker),
    // 0 disables keep-alive in undici: one request per connection. For HTTP/2 it is the streams per connection.
    pipelining: keepAlive ? (h2 ? H2_STREAMS : 1) : 0,
    ...(keepAlive ? { keepAliveTimeout: transport.keepAliveTimeoutMs, keepAliveMaxTimeout: transport.keepAliveTimeoutMs } : {}),
    headersTimeout: timeouts.responseHeaderMs,
    bodyTimeout: timeouts.readMs,
    allowH2: h2,
    ...(transport.protocol === 'h2c' ? { useH2c: true } : {}),
    connect: {
      timeout: timeouts.dialMs,
      allowH2: h2,
      ...(transport.protocol === 'h2' ? { preferH2: true } : {}),
      ...(transport.protocol === 'h2c' ? { useH2c: true } : {}),
      ...(target.serverName !== null ? { servername: target.serverName } : {}),
      ...(tls ? tlsOptions(transport.tls) : {}),
    } as buildConnector.BuildOptions,
  };
}

/** TLS settings for an https:// upstream; files are read now (provision time). */
function tlsOptions(plan: UpstreamTlsPlan | null): buildConnector.BuildOptions {
  if (plan === null) return {};
  return {
    ...(plan.caFiles.length > 0 ? { ca: plan.caFiles.map((f) => readMaterial(f, 'CA bundle')) } : {}),
    ...(plan.serverName !== null ? { servername: plan.serverName } : {}),
    ...(plan.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
    ...(plan.clientCert !== null
      ? { cert: readMaterial(plan.clientCert.certFile, 'client certificate'), key: readMaterial(plan.clientCert.keyFile, 'client key') }
      : {}),
  };
}

function readMaterial(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read the upstream TLS ${what} ${file}: ${(err as Error).message}`, { cause: err });
  }
}
