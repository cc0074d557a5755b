/**
 * The Writable a handler writes body bytes into: forwards to the Node response with backpressure, counts
 * bytes for the access log, swallows the body when the response must not have one (HEAD, 204, 304), and
 * fails with ClientGoneError when the client disconnects before the response is complete.
 */
import { Writable } from 'node:stream';
import type { BodyTarget, NodeResponse } from './node-response.ts';

/** The client closed the connection (or reset the stream) before the response was complete. */
export class ClientGoneError extends Error {
  readonly code = 'RWS_ERR_CLIENT_GONE';
  constructor() {
    super('the client closed the connection before the response was complete');
    this.name = 'ClientGoneError';
  }
}

export class BodySink extends Writable {
  private readonly res: BodyTarget;
  private readonly discard: boolean;
  private readonly count: (bytes: number) => void;
  private finished = false;

  constructor(res: NodeResponse, discard: boolean, count: (bytes: number) => void) {
    super();
    this.res = res as BodyTarget;
    this.discard = discard;
    this.count = count;
    this.res.once('finish', () => {
      this.finished = true;
    });
    this.res.once('close', () => {
      if (!this.finished && !this.destroyed) this.destroy(new ClientGoneError());
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.discard || chunk.length === 0) {
      callback();
      return;
    }
    this.count(chunk.length);
    if (this.res.write(chunk)) callback();
    else this.res.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.finished) {
      callback();
      return;
    }
    this.res.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A body that failed half-way cannot be completed: tear the response down so the client sees an error,
    // never a truncated body that looks complete.
    if (error !== null && !this.finished && !(error instanceof ClientGoneError)) this.res.destroy();
    callback(error);
  }
}
