/**
 * Creates the Node server behind a listener: node:http for `http`, node:http2 createSecureServer with
 * HTTP/1.1 fallback for `https` (ALPN from the plan, certificates chosen by SNI), and applies the limits.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, type Http2SecureServer, type SecureServerOptions } from 'node:http2';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { LimitsPlan } from '../plan/plan.ts';
import { routeHandshakes } from './handshake-router.ts';
import type { TlsState } from './tls-state.ts';
import { switchesProtocols } from './upgrade.ts';

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
    shouldUpgradeCallback: switchesProtocols,
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: timeouts.headersTimeout,
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    connectionsCheckingInterval: timeouts.connectionsCheckingInterval,
  });
}

/**
 * `tls()` is read on every handshake, so a reload that swaps the TLS state takes effect for new connections:
 * each connection starts under its site's handshake policy (handshake-router.ts), then SNI picks the certificate.
 */
export function createHttpsServer(limits: LimitsPlan, tls: () => TlsState | null): Http2SecureServer {
  // maxHeaderSize is honoured by the HTTP/1.1 fallback (Node passes it to its parser) though not in the types.
  const options: SecureServerOptions & { maxHeaderSize: number } = {
    allowHTTP1: true,
    maxHeaderSize: limits.maxHeaderBytes,
    settings: { maxHeaderListSize: limits.maxHeaderBytes },
    // A plain function: Node calls it with the TLS socket as `this` (TLS-ALPN-01 reads the ALPN choice from it).
    SNICallback(this: TLSSocket, servername, callback) {
      const reply = (context: SecureContext | null): void => {
        if (context === null) callback(new Error(`no certificate for ${JSON.stringify(servername)}`), undefined);
        else callback(null, context);
      };
      const state = tls();
      if (state === null) return reply(null);
      const challenge = state.managed?.alpnChallenge(this, servername) ?? null;
      if (challenge instanceof Promise) {
        challenge.then(
          (context) => reply(context ?? state.select(servername)),
          () => reply(state.select(servername)),
        );
        return;
      }
      if (challenge !== null) return reply(challenge);
      // A name only an on-demand policy covers waits for its certificate; everything else is answered at once.
      const onDemand = state.onDemand(servername);
      if (onDemand === null) return reply(state.select(servername));
      onDemand.then(
        (context) => reply(context ?? state.select(servername)),
        () => reply(state.select(servername)),
      );
    },
  };
  const server = createSecureServer(options);
  routeHandshakes(server, tls);
  const settings = server as unknown as Http1Settings & { insecureHTTPParser: boolean };
  Object.assign(settings, timeoutsFor(limits));
  // The HTTP/1.1 fallback reads this from the server object; unset, it would follow --insecure-http-parser.
  settings.insecureHTTPParser = false;
  // Read from the server object by the HTTP/1.1 fallback too.
  (server as unknown as { shouldUpgradeCallback: typeof switchesProtocols }).shouldUpgradeCallback = switchesProtocols;
  return server;
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
