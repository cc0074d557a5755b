/**
 * Noticing that the client went away, so a request to an upstream is cancelled as soon as nobody waits for
 * its answer: the client's connection (HTTP/1.1) or stream (HTTP/2) emits `close`.
 *
 * Invariant: a watch adds one listener and dispose() removes it; a keep-alive socket serving later requests
 * keeps no trace. No AbortController per request: the listener aborts the upstream request directly.
 */
import type { EventEmitter } from 'node:events';
import type { NodeRequest } from '../../http/handler.ts';

/** What closes when the client goes away: the HTTP/2 stream, else the HTTP/1 socket; null = already gone. */
export function clientChannel(req: NodeRequest): EventEmitter | null {
  // Http2ServerRequest has a stream; an HTTP/1 IncomingMessage only its socket.
  const emitter = 'stream' in req && req.stream !== undefined ? req.stream : req.socket;
  return emitter === null || emitter.destroyed ? null : emitter;
}

export class ClientGoneError extends Error {
  readonly code = 'RWS_CLIENT_GONE';
  constructor() {
    super('client closed the connection');
    this.name = 'ClientGoneError';
  }
}
