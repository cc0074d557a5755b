/** The two Node response objects the runtime writes to: HTTP/1.1 and the HTTP/2 compatibility API. */
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';

export type NodeResponse = ServerResponse | Http2ServerResponse;

/** Connection-specific headers: forbidden in HTTP/2 responses (Node throws on them), so they are dropped there. */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** The writable side both response kinds share (their TypeScript signatures differ, their behaviour does not). */
export interface BodyTarget {
  write(chunk: Buffer | string): boolean;
  end(chunk?: Buffer | string | (() => void), callback?: () => void): unknown;
  once(event: 'drain' | 'finish' | 'close', listener: () => void): unknown;
  destroy(error?: Error): unknown;
}
