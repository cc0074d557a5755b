/**
 * A request body that starts reading its source only when the upstream connection asks for bytes.
 *
 * undici destroys a request body when the request fails, even when the connection was refused before a
 * single byte was sent. Giving each try its own LazyBody keeps the client's stream intact in that case, so
 * the request can still go to the next upstream; `started` tells whether that is still possible.
 *
 * Invariant: the source is only touched (listeners, resume) after the first read; destroying a LazyBody
 * detaches from the source but never destroys it (the client connection must survive to receive a 502).
 */
import { Readable } from 'node:stream';

export class LazyBody extends Readable {
  #source: Readable;
  #started = false;

  constructor(source: Readable) {
    super();
    this.#source = source;
  }

  /** True once bytes may have been taken from the source (the body can't be replayed). */
  get started(): boolean {
    return this.#started;
  }

  readonly #onData = (chunk: Buffer): void => {
    if (!this.push(chunk)) this.#source.pause();
  };
  readonly #onEnd = (): void => {
    this.push(null);
  };
  /** Stays attached after a destroy: a source error with no listener would crash the process. */
  readonly #onError = (err: Error): void => {
    if (!this.destroyed) this.destroy(err);
  };

  override _read(): void {
    const source = this.#source;
    if (!this.#started) {
      this.#started = true;
      source.on('data', this.#onData);
      source.on('end', this.#onEnd);
      source.on('error', this.#onError);
    }
    source.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    const source = this.#source;
    source.off('data', this.#onData);
    source.off('end', this.#onEnd);
    if (this.#started) source.pause();
    callback(err);
  }
}
