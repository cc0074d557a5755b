/**
 * Per-site handshake policies on one port. OpenSSL negotiates the version and cipher from the context a
 * connection starts with; switching contexts on SNI (Node's SNICallback) only swaps the certificate and client
 * CAs. So when a listener's sites differ in policy, the ClientHello's server name is read before the TLS socket
 * exists, and the connection starts under its site's policy: versions, ciphers, ALPN and client-certificate
 * request. With a single policy nothing is read ahead.
 *
 * Invariant: the bytes read ahead are given back to the socket before Node's TLS layer wraps it (Node feeds a
 * wrapped socket's buffered bytes to OpenSSL first); every connection reaches that layer or is destroyed.
 */
import type { Http2SecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { readClientHelloSni } from './client-hello.ts';
import type { TlsState } from './tls-state.ts';

/** How long a client may take to send its ClientHello before it is handed to the TLS layer as it is. */
const PEEK_TIMEOUT_MS = 10_000;

/** The tls.Server fields Node reads when it wraps a new connection (lib/_tls_wrap.js, tlsConnectionListener). */
interface TlsServerFields {
  _sharedCreds: SecureContext;
  requestCert: boolean;
  rejectUnauthorized: boolean;
  ALPNProtocols: Buffer;
}

type ConnectionListener = (this: Http2SecureServer, socket: Socket) => void;

/** Replaces Node's TLS connection listener with one that chooses the connection's policy first. */
export function routeHandshakes(server: Http2SecureServer, tls: () => TlsState | null): void {
  const wrap = server.listeners('connection').find((l) => l.name === 'tlsConnectionListener') as ConnectionListener | undefined;
  if (wrap === undefined) throw new Error('node:tls has no tlsConnectionListener: cannot apply per-site TLS policies');
  server.removeListener('connection', wrap);
  const fields = server as unknown as TlsServerFields;
  const start = (state: TlsState, policy: number, socket: Socket): void => {
    const p = state.policies.list[policy];
    fields._sharedCreds = state.sharedContext(policy);
    fields.requestCert = p.requestCert;
    fields.rejectUnauthorized = p.rejectUnauthorized;
    // While a TLS-ALPN-01 validation is pending, `acme-tls/1` is offered too (last: browsers never ask for it).
    fields.ALPNProtocols = state.managed?.alpnProtocols(p.alpnWire) ?? p.alpnWire;
    wrap.call(server, socket);
  };
  server.prependListener('connection', (socket: Socket) => {
    const state = tls();
    if (state === null) {
      socket.destroy();
    } else if (state.policies.single) {
      start(state, state.policies.defaultIndex, socket);
    } else {
      readServerName(socket, (name) => {
        if (socket.destroyed) return;
        const now = tls() ?? state;
        start(now, now.policies.indexFor(name), socket);
      });
    }
  });
  // verify_if_given: Node refuses an unverified certificate only together with a missing one (rejectUnauthorized);
  // this mode accepts a missing one, so a certificate that was sent and failed verification ends the connection
  // here, before any request is read (this listener runs before Node's HTTP/1.1 and HTTP/2 ones).
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const state = tls();
    if (state === null || !state.policies.anyRefuseUnverified || socket.authorized) return;
    const servername = typeof socket.servername === 'string' ? socket.servername : null;
    const policy = state.policies.list[state.policies.indexFor(servername)];
    if (policy.refuseUnverified && socket.getPeerX509Certificate() !== undefined) socket.destroy();
  });
}

/** Reads until the ClientHello's server name is known (or cannot be), then gives the bytes back and pauses. */
function readServerName(socket: Socket, done: (name: string | null) => void): void {
  let buffered: Buffer | null = null;
  const finish = (name: string | null): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('error', onError);
    socket.off('close', onClose);
    socket.pause();
    if (buffered !== null) socket.unshift(buffered);
    done(name);
  };
  const onData = (chunk: Buffer): void => {
    buffered = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
    const hello = readClientHelloSni(buffered);
    if (hello.kind === 'incomplete') return;
    finish(hello.kind === 'sni' ? hello.name : null);
  };
  const onError = (): void => {
    socket.destroy();
  };
  const onClose = (): void => {
    clearTimeout(timer);
    socket.off('data', onData);
  };
  const timer = setTimeout(() => finish(null), PEEK_TIMEOUT_MS);
  socket.on('data', onData);
  socket.on('error', onError);
  socket.once('close', onClose);
}
