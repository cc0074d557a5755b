/**
 * `Expect: 100-continue` (RFC 9110 §10.1.1): the client waits for a `100 Continue` before sending its body.
 * Node would answer it at once; rws instead answers when someone first reads the body — a handler that
 * needs it, or reverse_proxy once the upstream connection is open and the request head written (undici
 * cannot forward the expectation itself). A request refused before that (no route, 401, 413 on a declared
 * length, an unreachable upstream) gets its final status without the client ever sending the body; Node
 * then closes the connection instead of keeping it alive.
 *
 * Invariant: at most one 100, never after the final response head; requests without the expectation are
 * untouched (no wrapper, no listener).
 */
import type { NodeRequest } from './handler.ts';

interface ContinueTarget {
  readonly headersSent: boolean;
  writeContinue(): void;
}

/**
 * For a request Node reported with 'checkContinue' (it asked for 100-continue): sends the 100 the first time
 * the body is read (its `_read` is called), unless the answer is out already.
 */
export function continueOnFirstRead(req: NodeRequest, res: ContinueTarget): void {
  const stream = req as unknown as { _read(size: number): void };
  const read = stream._read;
  stream._read = function (this: typeof stream, size: number): void {
    stream._read = read;
    if (!res.headersSent) {
      try {
        res.writeContinue();
      } catch {
        // The connection is gone: the read below sees that too.
      }
    }
    read.call(this, size);
  };
}
