/**
 * What to answer to a request for one regular file, decided from the request, the file's size and its
 * validators before a byte is written: a whole body, a range, several ranges, a bare head, or a small
 * status answer (304, 416).
 *
 * Invariant: pure; the size and validators come from one version of the file, the one whose bytes the body
 * is then taken from (in memory or through the handle that was fstat'ed).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { HttpError, type RequestContext } from '../../http/handler.ts';
import type { ContentCoding } from '../encoding/accept-encoding.ts';
import { evaluatePreconditions, ifRangeAllows, type Validators } from './conditional.ts';
import { multipartByteranges, type MultipartBody } from './multipart.ts';
import { parseRange } from './range.ts';

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

/** Which bytes of the file the body holds. */
export type BodyPart =
  | { readonly kind: 'whole' }
  /** Inclusive. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'multipart'; readonly multipart: MultipartBody };

export type Answer =
  | { readonly kind: 'body'; readonly status: number; readonly headers: OutgoingHttpHeaders; readonly part: BodyPart }
  | { readonly kind: 'head'; readonly status: number; readonly headers: OutgoingHttpHeaders }
  | { readonly kind: 'small'; readonly status: number; readonly headers: OutgoingHttpHeaders; readonly body: string | null };

const WHOLE: BodyPart = { kind: 'whole' };

/** `v` must already carry the coding's ETag suffix. */
export function decide(ctx: RequestContext, file: FileToServe, size: number, v: Validators): Answer {
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
        return { kind: 'body', status: 206, headers, part: { kind: 'range', start, end } };
      }
      const multipart = multipartByteranges(range.ranges, size, file.contentType);
      headers['content-type'] = multipart.contentType;
      headers['content-length'] = multipart.length;
      return { kind: 'body', status: 206, headers, part: { kind: 'multipart', multipart } };
    }
    default: {
      const unknown: never = range;
      throw new Error(`unexpected range ${JSON.stringify(unknown)}`);
    }
  }
}

function whole(status: number, headers: OutgoingHttpHeaders, size: number, isHead: boolean): Answer {
  headers['content-length'] = size;
  return isHead ? { kind: 'head', status, headers } : { kind: 'body', status, headers, part: WHOLE };
}
