/**
 * Copies one upstream response to the client through `ctx.response`, with backpressure both ways.
 *
 * A body that is complete in the read that brought it (a small response usually arrives whole, head and
 * body in one socket read) goes out in one `send()`, with no body stream in between: a sized body is
 * complete when its last byte is in, and a chunked one is collected until the end of the tick. Anything
 * longer is streamed chunk by chunk as it arrives, never buffered, which is what flush_interval -1 and
 * text/event-stream need. The head goes out with the first body bytes (Node sends no head before them
 * anyway) or with the end.
 *
 * Trailers the upstream sends after its body (gRPC's grpc-status, checksums) are relayed: the body then
 * always streams (on HTTP/1.1 trailers need chunked framing), and the trailers go out with its end.
 *
 * Invariant: the head is written at most once; body bytes are never held past the tick they arrived in,
 * except the last bytes of a sized body, whose end undici reports in the same parse; the upstream is
 * paused while the client can't take more bytes; once the head is out, a failure on either side cuts the
 * client connection (a truncated body never looks complete).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ResponseWriter } from '../../http/handler.ts';
import { withoutHopByHop } from './hop-by-hop.ts';

/** Trailer fields as undici reports them at the end of a response. */
export type UpstreamTrailers = Readonly<Record<string, string | string[] | undefined>>;

/** Fields that never belong in a trailer section (RFC 9110 §6.5.1): framing, routing, the response's own head. */
const NOT_TRAILERS: ReadonlySet<string> = new Set(['content-length', 'content-type', 'content-encoding', 'content-range', 'host', 'trailer']);

function hasFields(trailers: UpstreamTrailers): boolean {
  for (const name in trailers) if (trailers[name] !== undefined) return true;
  return false;
}

/** Told when the client can no longer take the response (its connection closed mid-body). */
export interface RelayOwner {
  clientGone(): void;
}

type State = 'collecting' | 'streaming' | 'over';

export class ResponseRelay {
  readonly #owner: RelayOwner;
  readonly #response: ResponseWriter;
  readonly #controller: Dispatcher.DispatchController;
  readonly #status: number;
  readonly #headers: OutgoingHttpHeaders;
  readonly #head: boolean;
  #state: State = 'collecting';
  /** Bytes of a sized body still to come; -1 for a chunked body. */
  #remaining: number;
  /** A chunked body's end-of-tick flush is scheduled. */
  #flushing = false;
  /** Body bytes collected before the head went out: the first chunk, then any others. */
  #first: Buffer | null = null;
  #more: Buffer[] | null = null;
  #sink: Writable | null = null;

  constructor(owner: RelayOwner, response: ResponseWriter, controller: Dispatcher.DispatchController, status: number, headers: OutgoingHttpHeaders, head: boolean) {
    this.#owner = owner;
    this.#response = response;
    this.#controller = controller;
    this.#status = status;
    this.#headers = headers;
    this.#head = head;
    const length = headers['content-length'];
    this.#remaining = typeof length === 'string' ? Number(length) : -1;
    if (!(this.#remaining >= 0)) this.#remaining = -1;
  }

  /** True once the client may have seen the head: from then on the status can't change. */
  get headSent(): boolean {
    return this.#response.headSent;
  }

  data(chunk: Buffer): void {
    switch (this.#state) {
      case 'collecting':
        if (this.#first === null) this.#first = chunk;
        else (this.#more ??= []).push(chunk);
        if (this.#remaining < 0) {
          // Chunked: the terminating chunk may be in this same read; look again once it is parsed.
          if (!this.#flushing) {
            this.#flushing = true;
            process.nextTick(flushHead, this);
          }
          return;
        }
        this.#remaining -= chunk.length;
        // The last byte of a sized body: undici reports the end before this parse returns.
        if (this.#remaining > 0) this.flush();
        return;
      case 'streaming':
        this.#write(chunk);
        return;
      case 'over':
        return;
      default:
        unreachable(this.#state);
    }
  }

  /**
   * The upstream's body is complete. Throws (nothing sent, the caller answers instead) when Node rejects
   * the head.
   */
  end(trailers: UpstreamTrailers | null = null): void {
    // Trailers need a body stream (HTTP/1.1: chunked, which a collected body sent with a length is not).
    if (trailers !== null && this.#state !== 'over' && !this.#head && hasFields(trailers)) {
      this.flush();
      if (this.#state === 'streaming') this.#response.addTrailers(withoutHopByHop(trailers, NOT_TRAILERS));
    }
    const state = this.#state;
    this.#state = 'over';
    if (state === 'streaming') {
      this.#sink!.end();
      return;
    }
    if (state === 'over') return;
    const body = this.#collected();
    if (body === null && this.#head && this.#headers['content-length'] === undefined) {
      // send() would announce "Content-Length: 0"; a HEAD answer keeps the (unknown) length of a GET.
      this.#response.writeHead(this.#status, this.#headers).end();
      return;
    }
    this.#response.send(this.#status, this.#headers, body);
  }

  /** The exchange is over without a complete body: drop what was collected; cut the client if the head is out. */
  cut(): void {
    const state = this.#state;
    this.#state = 'over';
    this.#first = null;
    this.#more = null;
    if (state !== 'streaming') return;
    // destroy() without an error: the sink leaves the response alone, abort() then cuts the connection.
    this.#sink!.destroy();
    this.#response.abort();
  }

  /** Opens the body stream: the body is not complete yet, the client gets what arrived so far. */
  flush(): void {
    if (this.#state !== 'collecting') return;
    let sink: Writable;
    try {
      sink = this.#response.writeHead(this.#status, this.#headers);
    } catch (err) {
      // Node rejected the head (a header value it won't send): nothing went out, so stop the upstream and let
      // the exchange answer 502.
      this.#state = 'over';
      this.#controller.abort(err as Error);
      return;
    }
    this.#state = 'streaming';
    this.#sink = sink;
    sink.on('drain', () => this.#controller.resume());
    sink.on('error', () => this.#sinkFailed());
    const first = this.#first;
    const more = this.#more;
    this.#first = null;
    this.#more = null;
    if (first !== null) this.#write(first);
    if (more !== null) for (const chunk of more) this.#write(chunk);
  }

  #write(chunk: Buffer): void {
    if (!this.#sink!.write(chunk)) this.#controller.pause();
  }

  /** The client's connection closed mid-body (the sink fails with ClientGoneError). */
  #sinkFailed(): void {
    if (this.#state === 'over') return;
    this.#state = 'over';
    this.#response.abort();
    this.#owner.clientGone();
  }

  #collected(): Buffer | null {
    const first = this.#first;
    const more = this.#more;
    this.#first = null;
    this.#more = null;
    if (first === null || more === null) return first;
    return Buffer.concat([first, ...more]);
  }
}

function flushHead(relay: ResponseRelay): void {
  relay.flush();
}

function unreachable(state: never): never {
  throw new Error(`unexpected relay state ${String(state)}`);
}
