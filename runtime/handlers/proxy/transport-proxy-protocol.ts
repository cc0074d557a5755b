/**
 * A dispatcher that starts every upstream connection with a PROXY protocol header. A header names one client
 * connection, so upstream connections are never shared between client connections: each client connection
 * (an HTTP/1.1 socket, or an HTTP/2 session) gets its own undici Client, reused for that connection's
 * requests (keep-alive) and closed when it closes — HAProxy's "private" connections. Requests that come from
 * no client (health checks) share one pool whose header says LOCAL (v2) / UNKNOWN (v1).
 *
 * For https:// upstreams the header goes on the TCP connection before the TLS handshake.
 *
 * Invariant: the header is the first byte of every upstream connection; an upstream connection only ever
 * carries requests of the client connection its header names.
 */
import type { EventEmitter } from 'node:events';
import net from 'node:net';
import { buildConnector, Client, Dispatcher, Pool } from 'undici';
import type { RequestContext } from '../../http/handler.ts';
import { type ProxiedAddresses, proxyHeader } from './proxy-protocol.ts';
import type { TransportOptions } from './transport.ts';

/** Dispatch options the exchange passes: the request's context tells whose connection this is. */
export type ClientDispatchOptions = Dispatcher.DispatchOptions & { rwsClient?: RequestContext };

export class ProxyProtocolDispatcher extends Dispatcher {
  readonly #origin: string;
  readonly #options: TransportOptions;
  readonly #version: 'v1' | 'v2';
  readonly #tls: boolean;
  /** Client per client connection (its socket or HTTP/2 session). */
  readonly #clients = new Map<EventEmitter, Client>();
  #local: Pool | null = null;
  #closed = false;

  constructor(origin: string, options: TransportOptions, version: 'v1' | 'v2') {
    super();
    this.#origin = origin;
    this.#options = options;
    this.#version = version;
    this.#tls = origin.startsWith('https:');
  }

  override dispatch(options: ClientDispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const { rwsClient: ctx, ...rest } = options;
    const connection = ctx === undefined ? null : connectionOf(ctx);
    if (ctx === undefined || connection === null) return this.#localPool().dispatch(rest, handler);
    return this.#clientFor(ctx, connection).dispatch(rest, handler);
  }

  override async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all([...all.map((c) => c.close().catch(ignore)), this.#local?.close().catch(ignore)]);
  }

  override async destroy(): Promise<void> {
    this.#closed = true;
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all([...all.map((c) => c.destroy().catch(ignore)), this.#local?.destroy().catch(ignore)]);
  }

  #clientFor(ctx: RequestContext, connection: Connection): Client {
    let client = this.#clients.get(connection);
    if (client !== undefined) return client;
    const header = proxyHeader(this.#version, addressesOf(ctx));
    // One connection per client connection: a pool of one.
    const { connections: _, ...options } = this.#options;
    client = new Client(this.#origin, { ...options, connect: withHeader(this.#options.connect, header, this.#tls) });
    if (this.#closed || connection.destroyed === true) {
      closeQuietly(client);
      return client;
    }
    this.#clients.set(connection, client);
    const owned = client;
    connection.once('close', () => {
      if (this.#clients.get(connection) !== owned) return;
      this.#clients.delete(connection);
      closeQuietly(owned);
    });
    return client;
  }

  #localPool(): Pool {
    if (this.#local === null) {
      const header = proxyHeader(this.#version, { srcIp: '', srcPort: 0, dstIp: '', dstPort: 0 });
      this.#local = new Pool(this.#origin, { ...this.#options, connect: withHeader(this.#options.connect, header, this.#tls) });
    }
    return this.#local;
  }
}

type Connection = EventEmitter & { destroyed?: boolean };

/** Lets requests in flight finish; a client already closed or destroyed is fine. */
function closeQuietly(client: Client): void {
  client.close().catch(ignore);
}

function ignore(): void {}

/** What a client connection is: its HTTP/2 session, or its socket; null once an HTTP/2 stream lost its session. */
function connectionOf(ctx: RequestContext): Connection | null {
  const req = ctx.req;
  if ('stream' in req && req.stream !== undefined) return req.stream.session ?? null;
  return req.socket ?? null;
}

/** The client connection's addresses: the TCP peer and the local end it connected to. */
function addressesOf(ctx: RequestContext): ProxiedAddresses {
  const socket = ctx.req.socket;
  return {
    srcIp: ctx.remoteIp,
    srcPort: ctx.remotePort,
    dstIp: unmap(socket.localAddress ?? ''),
    dstPort: socket.localPort ?? 0,
  };
}

function unmap(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** A connector that writes `header` first: after connecting (plain TCP), or before the TLS handshake. */
function withHeader(build: buildConnector.BuildOptions, header: Buffer, tls: boolean): buildConnector.connector {
  const connect = buildConnector(build);
  if (!tls) {
    return (opts, callback) =>
      connect(opts, (...args) => {
        const [err, socket] = args;
        if (err === null) socket.write(header);
        callback(...args);
      });
  }
  return (opts, callback) => {
    const raw = net.connect({ host: opts.hostname, port: Number(opts.port) || 443 });
    raw.setNoDelay(true);
    raw.write(header);
    connect({ ...opts, httpSocket: raw }, (...args) => {
      if (args[0] !== null) raw.destroy();
      callback(...args);
    });
  };
}
