/** The TLS socket under a request, for HTTP/1.1 (the request's socket) and HTTP/2 (its session's socket). */
import type { Http2ServerRequest } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { NodeRequest } from './handler.ts';

/** null over plain HTTP. */
export function tlsSocketOf(req: NodeRequest): TLSSocket | null {
  const socket = req.httpVersionMajor === 2 ? (req as Http2ServerRequest).stream.session?.socket : req.socket;
  return socket !== undefined && socket !== null && 'encrypted' in socket ? (socket as TLSSocket) : null;
}

/** The server name (SNI) the client sent, lower-case without a trailing dot; null when none (or plain HTTP). */
export function serverNameOf(req: NodeRequest): string | null {
  const name = tlsSocketOf(req)?.servername;
  if (typeof name !== 'string' || name === '') return null;
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
