/**
 * One listening socket (one ListenerPlan key) and the connections it accepted. The sites, hosts and TLS
 * contexts it serves are swapped on reload without touching the socket or open connections.
 *
 * Invariant: a request reads `current` once, at arrival; swap() only affects requests that arrive later.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { dispatch, type ListenerInfo } from '../pipeline/dispatch.ts';
import type { ListenerState } from '../provision/provisioned-plan.ts';
import type { RuntimeServices } from '../provision/services.ts';
import { boundAddress, listenOn } from './bind.ts';
import { answerClientError } from './client-error.ts';
import { Connections } from './connections.ts';
import { applyLimits, createHttpServer, createHttpsServer, type NodeServer } from './node-server.ts';
import { continueOnFirstRead } from '../http/expect-continue.ts';
import { refuseRequest } from './request-guard.ts';
import { ClientUpgrade } from './upgrade.ts';

export class Listener {
  readonly key: string;
  private readonly server: NodeServer;
  private readonly services: RuntimeServices;
  private readonly connections: Connections;
  private current: ListenerState;
  private info: ListenerInfo;
  private closing: Promise<void> | null = null;
  private serverClosed: Promise<void> | null = null;

  private constructor(state: ListenerState, services: RuntimeServices) {
    this.key = state.plan.key;
    this.current = state;
    this.services = services;
    this.connections = new Connections(this.key, services.metrics);
    const limits = state.owner.plan.global.limits;
    this.server = state.tls === null ? createHttpServer(limits) : createHttpsServer(limits, () => this.current.tls);
    this.info = { key: this.key, scheme: state.tls === null ? 'http' : 'https', port: state.plan.bind.port, connections: this.connections };
    this.wire();
  }

  /** Binds the socket; rejects with the listen error (EADDRINUSE, EACCES…) after releasing everything. */
  static async open(state: ListenerState, services: RuntimeServices): Promise<Listener> {
    const listener = new Listener(state, services);
    const bind = state.plan.bind;
    await listenOn(listener.server, { kind: 'tcp', host: bind.host, port: bind.port });
    listener.server.on('error', (err: Error) => services.logger.error({ listener: listener.key, err }, 'listener error'));
    const at = listener.address();
    listener.info = { ...listener.info, port: at.port };
    services.logger.info({ listener: listener.key, host: at.host, port: at.port, tls: state.tls !== null }, 'listening');
    return listener;
  }

  get state(): ListenerState {
    return this.current;
  }

  /** Serve a new plan's sites, hosts and TLS material from now on. */
  swap(state: ListenerState): void {
    this.current = state;
    applyLimits(this.server, state.owner.plan.global.limits);
  }

  address(): { host: string; port: number } {
    const at = boundAddress(this.server);
    if (!('port' in at)) throw new Error(`listener ${this.key} is not a TCP socket`);
    return at;
  }

  /**
   * Stops accepting, closes idle connections, lets requests in progress finish for up to `graceMs`, then
   * destroys what remains. Resolves when every socket is closed. Idempotent.
   */
  close(graceMs: number): Promise<void> {
    this.closing ??= this.drainAndClose(graceMs);
    return this.closing;
  }

  /**
   * Closes the listening socket only (open connections carry on), so that a listener of a new plan can bind
   * the same port. Undone by resumeAccepting() if that bind fails.
   */
  stopAccepting(): void {
    this.serverClosed ??= new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async resumeAccepting(): Promise<void> {
    if (this.serverClosed === null) return;
    this.serverClosed = null;
    const bind = this.current.plan.bind;
    await listenOn(this.server, { kind: 'tcp', host: bind.host, port: bind.port });
  }

  private async drainAndClose(graceMs: number): Promise<void> {
    this.stopAccepting();
    const serverClosed = this.serverClosed ?? Promise.resolve();
    this.connections.startDrain();
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      this.connections.drained().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!graceful) this.services.logger.warn({ listener: this.key, graceMs }, 'grace period over: closing remaining connections');
    await this.connections.destroyAll();
    await serverClosed;
  }

  private wire(): void {
    const server = this.server;
    const tls = this.current.tls !== null;
    const logger = this.services.logger;
    server.on('connection', (socket: Socket) => {
      this.connections.addRaw(socket);
      if (!tls) this.connections.addConnection(socket, false);
    });
    if (tls) {
      server.on('secureConnection', (socket: TLSSocket) => this.connections.addConnection(socket, socket.alpnProtocol === 'h2'));
      server.on('tlsClientError', (err: Error) => logger.debug({ listener: this.key, err: err.message }, 'TLS handshake failed'));
      server.on('session', (session: ServerHttp2Session) => this.onSession(session));
      server.on('sessionError', (err: Error) => logger.debug({ listener: this.key, err: err.message }, 'HTTP/2 session error'));
      // OCSP stapling: the cached response only, never a wait for the responder (runtime/tls/ocsp/).
      const stapler = this.services.certificates.stapler;
      server.on('OCSPRequest', (cert: Buffer, _issuer: Buffer, done: (err: Error | null, response?: Buffer) => void) => done(null, stapler.staple(cert) ?? undefined));
    }
    server.on('request', (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
    // `Expect: 100-continue`: the 100 goes out when the body is first read (http/expect-continue.ts).
    server.on('checkContinue', (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
      continueOnFirstRead(req, res);
      this.onRequest(req, res);
    });
    server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
      const status = answerClientError(err, socket);
      if (status !== null) {
        logger.debug({ listener: this.key, status, code: err.code }, 'malformed request');
        if (this.current.owner.metricsOn) this.services.metrics.error('', 'bad_request');
      }
    });
  }

  /** Smuggling defences (request-guard.ts): answers and closes the connection when the request is refused. */
  private refused(req: IncomingMessage, res: ServerResponse): boolean {
    const refusal = refuseRequest(req);
    if (refusal === null) return false;
    this.services.logger.debug({ listener: this.key, status: refusal.status, reason: refusal.reason }, 'malformed request');
    if (this.current.owner.metricsOn) this.services.metrics.error('', 'bad_request');
    const body = `${refusal.status} ${STATUS_CODES[refusal.status]}: ${refusal.reason}\n`;
    res.shouldKeepAlive = false;
    res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
    return true;
  }

  private onSession(session: ServerHttp2Session): void {
    this.connections.addSession(session);
    session.on('error', (err: Error) => this.services.logger.debug({ listener: this.key, err: err.message }, 'HTTP/2 session error'));
    const idle = this.current.owner.plan.global.limits.idleTimeoutMs;
    if (idle > 0) session.setTimeout(idle, () => session.close());
  }

  /** An HTTP/1.1 request asking to switch protocols: routed like any other, with the socket to tunnel. */
  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    let upgrade: ClientUpgrade;
    try {
      upgrade = new ClientUpgrade(req, socket, head, (s) => this.connections.adoptTunnel(s));
    } catch (err) {
      this.services.logger.error({ err, listener: this.key }, 'upgrade setup failed');
      socket.destroy();
      return;
    }
    this.onRequest(req, upgrade.res, upgrade);
  }

  private onRequest(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, upgrade: ClientUpgrade | null = null): void {
    // HTTP/1.x only (an HTTP/2 request has a stream; nghttp2 validates its framing and fields).
    if (!('stream' in req) && this.refused(req, res as ServerResponse)) return;
    // ACME HTTP-01 answers come before routing, on every plain-HTTP listener, whatever its sites do (a token
    // presented by another instance sharing the storage is looked up there first, then the request is routed).
    const state = this.current;
    const route = (): void => this.dispatchOn(state, req, res, upgrade);
    if (this.info.scheme === 'http' && this.services.certificates.answerHttpChallenge(req as IncomingMessage, res as ServerResponse, route)) return;
    route();
  }

  private dispatchOn(state: ListenerState, req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, upgrade: ClientUpgrade | null): void {
    try {
      dispatch(state, req, res, this.info, upgrade);
    } catch (err) {
      // dispatch handles request errors itself; reaching this is a bug, which must not take the process down.
      this.services.logger.error({ err, listener: this.key }, 'request dispatch failed');
      res.destroy();
    }
  }
}
