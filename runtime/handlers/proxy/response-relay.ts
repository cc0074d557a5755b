/**
 * Copies one upstream response to the client through `ctx.response`, with backpressure both ways.
 *
 * The head waits for the end of the current tick, no longer: body bytes that arrived with it (a small
 * response usually arrives whole, in the same socket read as its head) are collected, and a response that
 * is complete by then goes out in one `send()`, with no body stream in between. Anything longer is streamed
 * chunk by chunk as it arrives, never buffered, which is what flush_interval -1 and text/event-stream need.
 *
 * Invariant: the head is written at most once and no later than the tick after the upstream's head arrived;
 * the upstream is paused while the client can't take more bytes; once the head is out, a failure on either
 * side cuts the client connection (a truncated body never looks complete).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ResponseWriter } from '../../http/handler.ts';

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
  /** Body bytes that arrived in the head's tick: the first chunk, then any others. */
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
    process.nextTick(flushHead, this);
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
  end(): void {
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

  /** Opens the body stream once the head's tick is over and the response is not complete yet. */
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
