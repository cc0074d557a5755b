/**
 * The ResponseWriter of an explain context: explain evaluates matchers and replays URI rewrites but never
 * runs a handler that writes, so any attempt to write is a bug and throws.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable, Transform, Writable } from 'node:stream';
import type { ResponseHead, ResponseWriter } from '../http/handler.ts';

export class DetachedResponse implements ResponseWriter {
  readonly headSent = false;
  readonly bytesWritten = 0;
  readonly status = 0;

  onHead(_hook: (head: ResponseHead) => void): void {}

  addBodyTransform(_factory: (head: ResponseHead) => Transform | null): void {}

  writeHead(_status: number, _headers: OutgoingHttpHeaders): Writable {
    throw refused();
  }

  send(_status: number, _headers: OutgoingHttpHeaders, _body: string | Buffer | null): void {
    throw refused();
  }

  stream(_status: number, _headers: OutgoingHttpHeaders, _body: Readable): Promise<void> {
    return Promise.reject(refused());
  }

  addTrailers(): void {
    throw refused();
  }

  abort(): void {
    throw refused();
  }
}

function refused(): Error {
  return new Error('explain does not write responses');
}
