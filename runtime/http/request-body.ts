/**
 * The request body as a stream with the size limit enforced.
 *
 * A declared Content-Length over the limit fails before anything is read; a body that grows past the limit
 * while streaming (chunked, or a lying length) fails the stream with the same 413 HttpError. The stream
 * reads from the request only when its consumer reads, so an error is never emitted before someone listens.
 * The request is never destroyed here: the pipeline still answers 413 (with `Connection: close` on HTTP/1.1).
 */
import { Readable } from 'node:stream';
import { HttpError, type NodeRequest } from './handler.ts';

export class PayloadTooLargeError extends HttpError {
  readonly code = 'RWS_ERR_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(413, 'Payload Too Large', `request body over the limit of ${limit} bytes`);
  }
}

/** The client went away before sending the whole body. */
export class RequestAbortedError extends Error {
  readonly code = 'RWS_ERR_REQUEST_ABORTED';
  constructor(options?: { cause?: unknown }) {
    super('the client closed the connection before sending the whole request body', options);
    this.name = 'RequestAbortedError';
  }
}

export function limitedBody(req: NodeRequest, limit: number | null): Readable {
  if (limit === null) return req;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  const body = Readable.from(limitChunks(req, limit), { objectMode: false });
  // The consumer listens for errors; this only keeps a stray one from crashing the process.
  body.on('error', () => {});
  return body;
}

async function* limitChunks(req: NodeRequest, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  try {
    // destroyOnReturn: false — stopping at the limit must not tear down the connection the 413 goes out on.
    const chunks = (req as Readable).iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    for await (const chunk of chunks) {
      seen += chunk.length;
      if (seen > limit) throw new PayloadTooLargeError(limit);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof PayloadTooLargeError || req.complete) throw err;
    throw new RequestAbortedError({ cause: err });
  }
}
