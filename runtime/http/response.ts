/**
 * The ResponseWriter handlers write through (contract in handler.ts), over an HTTP/1.1 ServerResponse or an
 * HTTP/2 compat Http2ServerResponse.
 *
 * Invariant: the head is written once; head hooks then body transforms run just before it, whichever
 * handler (or the error path) writes the response, so `header` ops and `encode` apply to every response.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { constants as http2 } from 'node:http2';
import { pipeline, type Readable, type Transform, type Writable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { BodySink } from './body-sink.ts';
import type { ResponseHead, ResponseWriter } from './handler.ts';
import { type BodyTarget, CONNECTION_HEADERS, type NodeResponse } from './node-response.ts';

type HeadHook = (head: ResponseHead) => void;
const NO_TRANSFORMS: readonly Transform[] = Object.freeze([]);
type TransformFactory = (head: ResponseHead) => Transform | null;

/** Whether the connection should be closed after this response (the listener is draining). */
export interface DrainProbe {
  readonly draining: boolean;
}

export class Response implements ResponseWriter {
  headSent = false;
  bytesWritten = 0;
  status = 0;
  private readonly res: NodeResponse;
  private readonly http2: boolean;
  private readonly head: boolean;
  private readonly drain: DrainProbe;
  private hooks: HeadHook[] | null = null;
  private transforms: TransformFactory[] | null = null;
  private closeAfter = false;
  /** For body sinks; made with the first one (a small `send` needs none). */
  private counter: ((n: number) => void) | null = null;

  constructor(res: NodeResponse, http2: boolean, method: string, drain: DrainProbe) {
    this.res = res;
    this.http2 = http2;
    this.head = method === 'HEAD';
    this.drain = drain;
  }

  onHead(hook: HeadHook): void {
    (this.hooks ??= []).push(hook);
  }

  addBodyTransform(factory: TransformFactory): void {
    (this.transforms ??= []).push(factory);
  }

  /** Ask for `Connection: close` on HTTP/1.1 (e.g. after a 413 with the request body left unread). */
  closeConnection(): void {
    this.closeAfter = true;
  }

  writeHead(status: number, headers: OutgoingHttpHeaders): Writable {
    const head = this.prepare(status, headers);
    const transforms = this.runTransforms(head);
    this.commit(head);
    // Node sends an HTTP/1.1 head with the first body byte; an event stream's client needs it now.
    if (isEventStream(head.headers['content-type'])) (this.res as { flushHeaders?(): void }).flushHeaders?.();
    const sink = new BodySink(this.res, this.head || !statusHasBody(head.status), this.countBytes());
    if (transforms.length === 0) return sink;
    const [first] = transforms;
    pipeline([...transforms, sink], () => {
      // Errors reach the caller through the first transform (destroyed by pipeline); nothing to do here.
    });
    return first;
  }

  send(status: number, headers: OutgoingHttpHeaders, body: string | Buffer | null): void {
    const head = this.prepare(status, headers);
    const hasBody = statusHasBody(status);
    const bodyAllowed = hasBody && !this.head;
    const length = body === null ? 0 : Buffer.byteLength(body);
    if (body !== null && hasBody) head.headers['content-length'] = length;
    else if (hasBody && head.headers['content-length'] === undefined) head.headers['content-length'] = 0;
    const transforms = this.runTransforms(head);
    if (transforms !== NO_TRANSFORMS) {
      this.commit(head);
      const sink = new BodySink(this.res, !bodyAllowed, this.countBytes());
      pipeline([...transforms, sink], () => {});
      transforms[0].end(body ?? undefined);
      return;
    }
    this.commit(head);
    const res = this.res as BodyTarget;
    if (body === null || !bodyAllowed) {
      res.end();
      return;
    }
    this.bytesWritten += length;
    res.end(body);
  }

  /**
   * Last resort when the normal path failed (a head hook or header value that Node rejects): a plain-text
   * response that skips head hooks and body transforms. Aborts if even that cannot be written.
   */
  sendBare(status: number, body: string): void {
    try {
      this.commit({ status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } });
      (this.res as BodyTarget).end(this.head ? undefined : body);
      if (!this.head) this.bytesWritten += Buffer.byteLength(body);
    } catch {
      this.abort();
    }
  }

  async stream(status: number, headers: OutgoingHttpHeaders, body: Readable): Promise<void> {
    const sink = this.writeHead(status, headers);
    await pipelineAsync(body, sink);
  }

  addTrailers(trailers: OutgoingHttpHeaders): void {
    try {
      (this.res as { addTrailers(headers: OutgoingHttpHeaders): void }).addTrailers(trailers);
    } catch {
      // A field Node won't send (bad name or value): the body still ends cleanly, without trailers.
    }
  }

  abort(): void {
    this.headSent = true;
    const res = this.res;
    if (this.http2) {
      const stream = (res as import('node:http2').Http2ServerResponse).stream;
      if (!stream.destroyed) stream.close(http2.NGHTTP2_CANCEL);
      return;
    }
    const socket = (res as import('node:http').ServerResponse).socket;
    if (socket !== null) socket.destroy();
    else res.destroy();
  }

  private prepare(status: number, headers: OutgoingHttpHeaders): ResponseHead {
    if (this.headSent) throw new Error('response head already sent');
    const head: ResponseHead = { status, headers: lowerCaseCopy(headers) };
    if (this.hooks !== null) for (const hook of this.hooks) hook(head);
    return head;
  }

  /** The body transforms that apply to this head; NO_TRANSFORMS (shared, never mutated) when none does. */
  private runTransforms(head: ResponseHead): readonly Transform[] {
    if (this.transforms === null || this.head || !statusHasBody(head.status)) return NO_TRANSFORMS;
    const out: Transform[] = [];
    for (const factory of this.transforms) {
      const t = factory(head);
      if (t !== null) out.push(t);
    }
    return out.length === 0 ? NO_TRANSFORMS : out;
  }

  private countBytes(): (n: number) => void {
    return (this.counter ??= (n) => {
      this.bytesWritten += n;
    });
  }

  private commit(head: ResponseHead): void {
    const headers = head.headers;
    if (this.http2) {
      for (const name of CONNECTION_HEADERS) delete headers[name];
    } else if (this.closeAfter || this.drain.draining) {
      headers['connection'] = 'close';
    }
    // Node validates status and headers here: if it throws, nothing was sent and the error path can still answer.
    (this.res as { writeHead(status: number, headers: OutgoingHttpHeaders): unknown }).writeHead(head.status, headers);
    this.headSent = true;
    this.status = head.status;
  }
}

function isEventStream(contentType: OutgoingHttpHeaders[string]): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream');
}

function statusHasBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

function lowerCaseCopy(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  // for-in over a plain object: no key array allocated (header objects have no enumerable inherited keys).
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[hasUpper(name) ? name.toLowerCase() : name] = value;
  }
  return out;
}

function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
  }
  return false;
}
