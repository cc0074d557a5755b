/**
 * The request body as a stream with the size limit enforced.
 *
 * A declared Content-Length over the limit fails before anything is read; a body that grows past the limit
 * while streaming (chunked, or a lying length) fails the stream with the same 413 HttpError. The request is
 * never destroyed here: the pipeline still answers 413 (with `Connection: close` on HTTP/1.1).
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { HttpError, type NodeRequest } from './handler.ts';

export class PayloadTooLargeError extends HttpError {
  readonly code = 'RWS_ERR_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(413, 'Payload Too Large', `request body over the limit of ${limit} bytes`);
  }
}

export function limitedBody(req: NodeRequest, limit: number | null): Readable {
  if (limit === null) return req;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  const limiter = new BodyLimiter(limit);
  const onError = (err: Error): void => {
    limiter.destroy(err);
  };
  const onClose = (): void => {
    if (!req.complete) limiter.destroy(new RequestAbortedError());
  };
  req.once('error', onError);
  req.once('close', onClose);
  limiter.once('close', () => {
    req.off('error', onError);
    req.off('close', onClose);
    req.unpipe(limiter);
  });
  req.pipe(limiter);
  return limiter;
}

/** The client went away before sending the whole body. */
export class RequestAbortedError extends Error {
  readonly code = 'RWS_ERR_REQUEST_ABORTED';
  constructor() {
    super('the client closed the connection before sending the whole request body');
    this.name = 'RequestAbortedError';
  }
}

class BodyLimiter extends Transform {
  private readonly limit: number;
  private seen = 0;

  constructor(limit: number) {
    super();
    this.limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(new PayloadTooLargeError(this.limit));
      return;
    }
    callback(null, chunk);
  }
}
