/**
 * An HTTP/1.1 request asking to switch protocols (Node's 'upgrade' event, e.g. a WebSocket handshake). Node
 * hands over the bare socket, so the response object is made here and the request runs through the normal
 * pipeline: routing, matchers, header ops, error pages. A handler that tunnels (reverse_proxy) writes a 101
 * and calls open(); any other answer is an ordinary response, after which the connection closes (it can't
 * go back to Node's HTTP parser).
 *
 * Invariant: the socket is tunnelled (after a 101 went out) or closed after the response; a tunnel's two
 * sockets end together; once open, the tunnel belongs to the listener's connections, never to a plan.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { UpgradeTunnel } from '../http/handler.ts';

/**
 * Node's shouldUpgradeCallback: whether a request with Upgrade goes down the upgrade path at all. `h2c` alone
 * does not: an h2c upgrade through a proxy hands the client a raw HTTP/2 connection to the upstream on which
 * later requests bypass rws's routes and matchers ("h2c smuggling"), so such a request is served as an
 * ordinary one (its Upgrade and HTTP2-Settings are hop-by-hop and never forwarded).
 */
export function switchesProtocols(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  if (upgrade === undefined) return false;
  return upgrade.split(',').some((token) => {
    const t = token.trim().toLowerCase();
    return t !== '' && t !== 'h2c';
  });
}

export class ClientUpgrade implements UpgradeTunnel {
  readonly res: ServerResponse;
  readonly #socket: Socket;
  /** Bytes the client sent after its request head: already the new protocol. */
  readonly #head: Buffer;
  readonly #adopt: (socket: Socket) => void;
  #upstream: Duplex | null = null;

  /** `adopt` hands the client socket to the listener's connection tracking once it is a tunnel. */
  constructor(req: IncomingMessage, socket: Socket, head: Buffer, adopt: (socket: Socket) => void) {
    this.#socket = socket;
    this.#head = head;
    this.#adopt = adopt;
    // Nothing may be read (and lost) before there is a tunnel to put it in.
    socket.pause();
    const res = new ServerResponse(req);
    // Node then adds `Connection: close` to any answer that is not a 101 with its own Connection header.
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => this.#finished());
    this.res = res;
  }

  open(upstream: Duplex): void {
    this.#upstream = upstream;
    // Until the 101 is out, the upstream's first bytes wait in its buffer.
    upstream.pause();
    upstream.on('error', () => upstream.destroy());
  }

  /** The response is out: start the tunnel, or close the connection. */
  #finished(): void {
    const socket = this.#socket;
    const res = this.res;
    res.detachSocket(socket);
    // What Node's server does after a response: 'close' tells the pipeline the exchange is over.
    process.nextTick(() => res.emit('close'));
    const upstream = this.#upstream;
    if (upstream === null || res.statusCode !== 101 || upstream.destroyed) {
      upstream?.destroy();
      socket.end();
      socket.resume();
      return;
    }
    this.#adopt(socket);
    tunnel(socket, this.#head, upstream);
  }
}

/** Pipes both ways; an end on one side ends the other, an error tears both down, a close closes the other. */
function tunnel(client: Socket, clientHead: Buffer, upstream: Duplex): void {
  const destroyBoth = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', destroyBoth);
  upstream.on('error', destroyBoth);
  // Once one side is closed nothing more can come from it: the other gets what is already queued, then closes.
  client.once('close', () => closeAfterFlush(upstream));
  upstream.once('close', () => closeAfterFlush(client));
  if (clientHead.length > 0) upstream.write(clientHead);
  client.pipe(upstream);
  upstream.pipe(client);
}

function closeAfterFlush(stream: Duplex): void {
  if (stream.destroyed) return;
  if (stream.writableFinished) {
    stream.destroy();
    return;
  }
  stream.once('finish', () => stream.destroy());
  stream.end();
}
