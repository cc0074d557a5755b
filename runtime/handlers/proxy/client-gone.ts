/**
 * An AbortSignal that fires when the client's connection (HTTP/1.1) or stream (HTTP/2) closes, so a request
 * to an upstream is cancelled as soon as nobody waits for its answer.
 *
 * Invariant: listeners are removed by dispose(); a keep-alive socket serving later requests keeps no trace.
 */
import type { NodeRequest } from '../../http/handler.ts';

export interface ClientWatch {
  readonly signal: AbortSignal;
  readonly gone: () => boolean;
  readonly dispose: () => void;
}

export function watchClient(req: NodeRequest): ClientWatch {
  const controller = new AbortController();
  // Http2ServerRequest has a stream; an HTTP/1 IncomingMessage only its socket.
  const emitter = 'stream' in req && req.stream !== undefined ? req.stream : req.socket;
  const onClose = (): void => controller.abort(new ClientGoneError());
  if (emitter === null || emitter.destroyed) onClose();
  else emitter.once('close', onClose);
  return {
    signal: controller.signal,
    gone: () => controller.signal.aborted,
    dispose: () => void emitter?.off('close', onClose),
  };
}

export class ClientGoneError extends Error {
  readonly code = 'RWS_CLIENT_GONE';
  constructor() {
    super('client closed the connection');
    this.name = 'ClientGoneError';
  }
}
