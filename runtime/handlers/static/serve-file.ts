/**
 * Answering a request with one regular file: validators, conditional requests, ranges, HEAD, streaming.
 *
 * Invariant: everything announced in the head (length, validators, ranges) comes from an fstat of the very
 * handle the body is read from, so a file replaced while being served never yields a mismatched body; the
 * handle is closed on every path (sent, not modified, failed, client gone).
 */
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpError, type RequestContext } from '../../http/handler.ts';
import type { ContentCoding } from '../encoding/accept-encoding.ts';
import { evaluatePreconditions, ifRangeAllows, validatorsFor } from './conditional.ts';
import { multipartByteranges } from './multipart.ts';
import { parseRange } from './range.ts';
import { fsErrorToHttp } from './safe-path.ts';

export interface FileToServe {
  /** The file actually read (the original or a precompressed sibling). */
  readonly abs: string;
  /** Content-Encoding of that file; null for the original. */
  readonly coding: ContentCoding | null;
  /** Content-Type of the original file. */
  readonly contentType: string;
  /** Add `Vary: Accept-Encoding` (precompressed siblings are configured, so the choice depends on it). */
  readonly varyEncoding: boolean;
  /** Answer with this status, without conditionals or ranges (error pages); null = normal. */
  readonly status: number | null;
}

/** What to answer, decided from the request and the file's fstat before anything is written. */
type Answer =
  | { readonly kind: 'body'; readonly status: number; readonly headers: OutgoingHttpHeaders; readonly open: (h: FileHandle) => Readable }
  | { readonly kind: 'head'; readonly status: number; readonly headers: OutgoingHttpHeaders }
  | { readonly kind: 'small'; readonly status: number; readonly headers: OutgoingHttpHeaders; readonly body: string | null };

export async function serveFile(ctx: RequestContext, file: FileToServe): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file.abs, 'r');
  } catch (err) {
    throw fsErrorToHttp(err, file.abs);
  }
  let handedOver = false;
  try {
    const answer = decide(ctx, file, await handle.stat());
    switch (answer.kind) {
      case 'small':
        ctx.response.send(answer.status, answer.headers, answer.body);
        return;
      case 'head':
        ctx.response.writeHead(answer.status, answer.headers).end();
        return;
      case 'body': {
        // From here the body stream owns the handle and closes it when it ends or is destroyed.
        const body = answer.open(handle);
        handedOver = true;
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
  } finally {
    if (!handedOver) await handle.close();
  }
}

function decide(ctx: RequestContext, file: FileToServe, stats: import('node:fs').Stats): Answer {
  if (!stats.isFile()) throw new HttpError(404, 'Not Found', `${file.abs} is no longer a regular file`);
  const v = validatorsFor(stats, file.coding === null ? '' : `-${file.coding}`);
  const size = stats.size;
  const headers: OutgoingHttpHeaders = {
    'content-type': file.contentType,
    'last-modified': v.lastModified,
    etag: v.etag,
  };
  if (file.varyEncoding) headers['vary'] = 'Accept-Encoding';
  if (file.coding !== null) headers['content-encoding'] = file.coding;
  const isHead = ctx.method === 'HEAD';

  if (file.status !== null) return whole(file.status, headers, size, isHead);

  switch (evaluatePreconditions(ctx.method, ctx.headers, v)) {
    case 'not-modified': {
      const notModified: OutgoingHttpHeaders = { etag: v.etag, 'last-modified': v.lastModified };
      if (file.varyEncoding) notModified['vary'] = 'Accept-Encoding';
      return { kind: 'small', status: 304, headers: notModified, body: null };
    }
    case 'failed':
      throw new HttpError(412, 'Precondition Failed');
    case 'proceed':
      break;
  }

  headers['accept-ranges'] = 'bytes';
  const rangeHeader = ctx.headers.range;
  const range =
    ctx.method === 'GET' && rangeHeader !== undefined && ifRangeAllows(ctx.headers, v)
      ? parseRange(rangeHeader, size)
      : ({ kind: 'whole' } as const);
  switch (range.kind) {
    case 'whole':
      return whole(200, headers, size, isHead);
    case 'unsatisfiable':
      return {
        kind: 'small',
        status: 416,
        headers: { 'content-range': `bytes */${size}`, 'content-type': 'text/plain; charset=utf-8' },
        body: '416 Range Not Satisfiable\n',
      };
    case 'ranges': {
      if (range.ranges.length === 1) {
        const { start, end } = range.ranges[0];
        headers['content-range'] = `bytes ${start}-${end}/${size}`;
        headers['content-length'] = end - start + 1;
        return { kind: 'body', status: 206, headers, open: (h) => h.createReadStream({ start, end }) };
      }
      const multipart = multipartByteranges(range.ranges, size, file.contentType);
      headers['content-type'] = multipart.contentType;
      headers['content-length'] = multipart.length;
      return { kind: 'body', status: 206, headers, open: multipart.open };
    }
    default: {
      const unknown: never = range;
      throw new Error(`unexpected range ${JSON.stringify(unknown)}`);
    }
  }
}

function whole(status: number, headers: OutgoingHttpHeaders, size: number, isHead: boolean): Answer {
  headers['content-length'] = size;
  return isHead ? { kind: 'head', status, headers } : { kind: 'body', status, headers, open: (h) => h.createReadStream() };
}
