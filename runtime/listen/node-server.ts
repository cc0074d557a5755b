/**
 * Creates the Node server behind a listener: node:http for `http`, node:http2 createSecureServer with
 * HTTP/1.1 fallback for `https` (ALPN from the plan, certificates chosen by SNI), and applies the limits.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, type Http2SecureServer, type SecureServerOptions } from 'node:http2';
import type { LimitsPlan } from '../plan/plan.ts';
import type { TlsState } from './tls-state.ts';

export type NodeServer = HttpServer | Http2SecureServer;

/** The HTTP/1.1 timeout settings Node reads from the server object (also on an http2 server with allowHTTP1). */
interface Http1Settings {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval?: number;
}

export function createHttpServer(limits: LimitsPlan): HttpServer {
  const timeouts = timeoutsFor(limits);
  return createServer({
    // Strict parsing even if Node runs with --insecure-http-parser: lenient framing is how requests get smuggled.
    insecureHTTPParser: false,
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: timeouts.headersTimeout,
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    connectionsCheckingInterval: timeouts.connectionsCheckingInterval,
  });
}

/** `tls()` is read on every handshake, so a reload that swaps the TLS state takes effect for new connections. */
export function createHttpsServer(limits: LimitsPlan, initial: TlsState, tls: () => TlsState | null): Http2SecureServer {
  // maxHeaderSize is honoured by the HTTP/1.1 fallback (Node passes it to its parser) though not in the types.
  const options: SecureServerOptions & { maxHeaderSize: number } = {
    allowHTTP1: true,
    ...initial.serverContextOptions,
    maxHeaderSize: limits.maxHeaderBytes,
    settings: { maxHeaderListSize: limits.maxHeaderBytes },
    SNICallback: (servername, callback) => {
      const context = tls()?.select(servername) ?? null;
      if (context === null) callback(new Error(`no certificate for ${JSON.stringify(servername)}`), undefined);
      else callback(null, context);
    },
  };
  const server = createSecureServer(options);
  setAlpn(server, initial);
  const settings = server as unknown as Http1Settings & { insecureHTTPParser: boolean };
  Object.assign(settings, timeoutsFor(limits));
  // The HTTP/1.1 fallback reads this from the server object; unset, it would follow --insecure-http-parser.
  settings.insecureHTTPParser = false;
  return server;
}

/**
 * node:http2 always offers ['h2', 'http/1.1']; the plan's ALPN list (and order: the server's preference)
 * replaces it through the tls.Server property Node reads for each new connection.
 */
export function setAlpn(server: Http2SecureServer, tls: TlsState): void {
  (server as unknown as { ALPNProtocols: Buffer }).ALPNProtocols = tls.alpnWire;
}

/** Limits that can change on a running server (a reload with the same listener key). */
export function applyLimits(server: NodeServer, limits: LimitsPlan): void {
  const timeouts = timeoutsFor(limits);
  const settings = server as unknown as Http1Settings & { maxHeaderSize?: number };
  settings.headersTimeout = timeouts.headersTimeout;
  settings.requestTimeout = timeouts.requestTimeout;
  settings.keepAliveTimeout = timeouts.keepAliveTimeout;
}

function timeoutsFor(limits: LimitsPlan): Required<Http1Settings> {
  const requestTimeout = limits.requestTimeoutMs;
  // Node requires headersTimeout <= requestTimeout (when the latter is on).
  const headersTimeout = requestTimeout > 0 ? Math.min(limits.headerTimeoutMs, requestTimeout) : limits.headerTimeoutMs;
  // How often Node checks for expired heads/requests: often enough for the smallest timeout to be honoured.
  const smallest = requestTimeout > 0 ? Math.min(headersTimeout, requestTimeout) : headersTimeout;
  const connectionsCheckingInterval = Math.min(30_000, Math.max(20, Math.floor(smallest / 4)));
  return { headersTimeout, requestTimeout, keepAliveTimeout: limits.idleTimeoutMs, connectionsCheckingInterval };
}
