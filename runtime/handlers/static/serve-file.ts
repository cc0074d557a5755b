/**
 * Answering a request with one regular file, from memory when the cache holds this version of it, else
 * through a handle: a small file is read whole (and remembered), a large one streamed.
 *
 * Invariant: everything announced in the head (length, validators, ranges) comes from the same version of the
 * file as the body: the cached entry's identity with its content, or an fstat of the very handle the body is
 * read from, so a file replaced while being served never yields a mismatched body; the handle is closed on
 * every path (sent, not modified, failed, client gone).
 */
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { HttpError, type RequestContext } from '../../http/handler.ts';
import { validatorsFor, withEtagSuffix } from './conditional.ts';
import { decide, type Answer, type BodyPart, type FileToServe } from './file-answer.ts';
import { sameIdentity, type FileCache } from './file-cache.ts';
import { fsErrorToHttp, type Lookup } from './safe-path.ts';

export type { FileToServe } from './file-answer.ts';

export async function serveFile(
  ctx: RequestContext,
  file: FileToServe,
  found: Lookup & { readonly kind: 'file' },
  cache: FileCache,
): Promise<void> {
  const suffix = file.coding === null ? '' : `-${file.coding}`;
  const cached = found.cached;
  if (cached !== null && cached.content !== null) {
    const answer = decide(ctx, file, cached.identity.size, withEtagSuffix(cached.validators, suffix));
    sendFromMemory(ctx, answer, cached.content);
    return;
  }

  let handle: FileHandle;
  try {
    handle = await fs.open(file.abs, 'r');
  } catch (err) {
    throw fsErrorToHttp(err, file.abs);
  }
  let handedOver = false;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new HttpError(404, 'Not Found', `${file.abs} is no longer a regular file`);
    const readStartMs = Date.now();
    const content = stats.size <= cache.maxFileBytes ? await readWhole(handle, stats.size, file.abs) : null;
    // Only the version lookup checked the real path of is remembered; one that changed since is served as is.
    // A large file already remembered (its check is what the cache saves) needs nothing new.
    const validators = !sameIdentity(stats, found.stats)
      ? validatorsFor(stats, '')
      : cached !== null && content === null
        ? cached.validators
        : cache.rememberFile(found.root, file.abs, stats, content, readStartMs).validators;
    const answer = decide(ctx, file, stats.size, withEtagSuffix(validators, suffix));
    if (content !== null) {
      sendFromMemory(ctx, answer, content);
      return;
    }
    handedOver = answer.kind === 'body';
    await sendFromHandle(ctx, answer, handle);
  } finally {
    if (!handedOver) await handle.close();
  }
}

function sendFromMemory(ctx: RequestContext, answer: Answer, content: Buffer): void {
  switch (answer.kind) {
    case 'small':
      ctx.response.send(answer.status, answer.headers, answer.body);
      return;
    case 'head':
      ctx.response.writeHead(answer.status, answer.headers).end();
      return;
    case 'body':
      ctx.response.send(answer.status, answer.headers, slice(answer.part, content));
      return;
    default: {
      const unknown: never = answer;
      throw new Error(`unexpected answer ${JSON.stringify(unknown)}`);
    }
  }
}

function slice(part: BodyPart, content: Buffer): Buffer {
  switch (part.kind) {
    case 'whole':
      return content;
    case 'range':
      return content.subarray(part.start, part.end + 1);
    case 'multipart':
      return part.multipart.fromContent(content);
    default: {
      const unknown: never = part;
      throw new Error(`unexpected body part ${JSON.stringify(unknown)}`);
    }
  }
}

/** Answers through `handle`; for a body the stream takes the handle over and closes it. */
async function sendFromHandle(ctx: RequestContext, answer: Answer, handle: FileHandle): Promise<void> {
  switch (answer.kind) {
    case 'small':
      ctx.response.send(answer.status, answer.headers, answer.body);
      return;
    case 'head':
      ctx.response.writeHead(answer.status, answer.headers).end();
      return;
    case 'body': {
      const body = open(answer.part, handle);
      try {
        await ctx.response.stream(answer.status, answer.headers, body);
      } catch {
        // The client went away or the file could not be read: the head is out, so the only honest
        // signal left is to cut the connection.
        ctx.response.abort();
      } finally {
        body.destroy();
      }
      return;
    }
    default: {
      const unknown: never = answer;
      throw new Error(`unexpected answer ${JSON.stringify(unknown)}`);
    }
  }
}

function open(part: BodyPart, handle: FileHandle): Readable {
  switch (part.kind) {
    case 'whole':
      return handle.createReadStream();
    case 'range':
      return handle.createReadStream({ start: part.start, end: part.end });
    case 'multipart':
      return part.multipart.open(handle);
    default: {
      const unknown: never = part;
      throw new Error(`unexpected body part ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The first `size` bytes of the file. Fewer means the file shrank since it was fstat'ed: there is no
 * consistent version to answer with, so the client is asked to try again.
 */
async function readWhole(handle: FileHandle, size: number, abs: string): Promise<Buffer> {
  // Off the shared pool: a cached small file must not pin an 8 KiB slab.
  const content = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(content, filled, size - filled, filled);
    if (bytesRead === 0) throw new HttpError(503, 'Service Unavailable', `${abs} shrank while being read`);
    filled += bytesRead;
  }
  return content;
}
