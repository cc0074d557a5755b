/** Reads a small request body (admin /load) into a string, refusing more than `limit` bytes. */
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  readonly code = 'RWS_ERR_ADMIN_BODY_TOO_LARGE';
}

export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
