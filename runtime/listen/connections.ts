/**
 * Open connections of one listener, for the active-connections gauge and graceful draining.
 *
 * HTTP/1.1 connections (plain TCP sockets, or TLS sockets after the handshake) are tracked with their number
 * of requests in progress; HTTP/2 connections by their session. Draining closes idle HTTP/1.1 connections at
 * once, asks HTTP/2 sessions to finish their streams (GOAWAY), and ends busy HTTP/1.1 connections right after
 * their last response. Raw sockets are kept too, so nothing (not even a half-done handshake) survives
 * destroyAll(). Upgraded connections (WebSocket tunnels) belong to the listener, not to a plan: draining
 * leaves them open, drained() waits for them, destroyAll() (after the grace period) closes them.
 */
import { once } from 'node:events';
import type { ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Metrics } from '../metrics/metrics.ts';

/** Requests in progress on an HTTP/1.1 connection, kept on the socket itself. */
const ACTIVE: unique symbol = Symbol('rws.activeRequests');

type Tracked = Socket & { [ACTIVE]: number };

export class Connections {
  private readonly key: string;
  private readonly metrics: Metrics;
  private readonly raw = new Set<Socket>();
  /** HTTP/1.1 connections; each carries its number of requests in progress (cheaper than a Map per request). */
  private readonly http1 = new Set<Tracked>();
  private readonly sessions = new Set<ServerHttp2Session>();
  /** Client sockets turned into tunnels by an HTTP Upgrade. */
  private readonly tunnels = new Set<Socket>();
  private isDraining = false;
  private emptied: (() => void) | null = null;

  constructor(key: string, metrics: Metrics) {
    this.key = key;
    this.metrics = metrics;
  }

  get draining(): boolean {
    return this.isDraining;
  }

  /** Server 'connection': every accepted TCP socket. */
  addRaw(socket: Socket): void {
    this.raw.add(socket);
    socket.once('close', () => this.raw.delete(socket));
  }

  /** A connection ready for HTTP: the plain socket, or the TLS socket once the handshake is done. */
  addConnection(socket: Socket, http2: boolean): void {
    this.metrics.connectionOpened(this.key);
    socket.once('close', () => this.metrics.connectionClosed(this.key));
    if (http2) return; // tracked through its session
    const tracked = socket as Tracked;
    tracked[ACTIVE] = 0;
    this.http1.add(tracked);
    socket.once('close', () => {
      this.http1.delete(tracked);
      this.checkEmpty();
    });
    if (this.isDraining) socket.destroy();
  }

  addSession(session: ServerHttp2Session): void {
    this.sessions.add(session);
    session.once('close', () => {
      this.sessions.delete(session);
      this.checkEmpty();
    });
    if (this.isDraining) session.close();
  }

  /**
   * The connection switched protocols: it is no longer an HTTP/1.1 connection with requests, and is kept
   * (not closed as idle when draining) until it closes or destroyAll().
   */
  adoptTunnel(socket: Socket): void {
    const tracked = socket as Partial<Tracked>;
    tracked[ACTIVE] = undefined;
    this.http1.delete(socket as Tracked);
    if (socket.destroyed) return;
    this.tunnels.add(socket);
    socket.once('close', () => {
      this.tunnels.delete(socket);
      this.checkEmpty();
    });
  }

  /** Upgraded connections currently open. */
  get tunnelCount(): number {
    return this.tunnels.size;
  }

  requestStarted(socket: Socket): void {
    const tracked = socket as Partial<Tracked>;
    if (tracked[ACTIVE] !== undefined) tracked[ACTIVE]++;
  }

  requestEnded(socket: Socket): void {
    const tracked = socket as Partial<Tracked>;
    const active = tracked[ACTIVE];
    if (active === undefined) return;
    tracked[ACTIVE] = active - 1;
    if (this.isDraining && active === 1) socket.end();
  }

  /** Stop keeping connections alive: close idle ones now, the others once their requests are done. */
  startDrain(): void {
    this.isDraining = true;
    for (const socket of this.http1) if (socket[ACTIVE] === 0) socket.destroy();
    for (const session of this.sessions) if (!session.closed) session.close();
  }

  /** Resolves when no HTTP connection is left (raw sockets mid-handshake are not waited for). */
  drained(): Promise<void> {
    if (this.empty()) return Promise.resolve();
    return new Promise((resolve) => {
      this.emptied = resolve;
    });
  }

  /** Tears down everything still open; resolves once every socket is closed. */
  async destroyAll(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    for (const socket of this.http1) socket.destroy();
    for (const socket of this.tunnels) socket.destroy();
    const pending = [...this.raw].filter((s) => !s.closed);
    for (const socket of pending) socket.destroy();
    await Promise.all(pending.map((s) => (s.closed ? undefined : once(s, 'close'))));
  }

  private empty(): boolean {
    return this.http1.size === 0 && this.sessions.size === 0 && this.tunnels.size === 0;
  }

  private checkEmpty(): void {
    if (this.emptied !== null && this.empty()) {
      const resolve = this.emptied;
      this.emptied = null;
      resolve();
    }
  }
}
