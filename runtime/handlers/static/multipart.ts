/**
 * multipart/byteranges bodies (RFC 9110 §14.6) for requests with several ranges.
 *
 * Invariant: the announced length is exactly the number of bytes either body form produces; the file handle
 * is closed when the streamed body ends or is destroyed.
 */
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteRange } from './range.ts';

export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  /** The body read from `file`; it takes ownership of the handle. */
  readonly open: (file: FileHandle) => Readable;
  /** The whole body cut from the file's content in memory. */
  readonly fromContent: (content: Buffer) => Buffer;
}

export function multipartByteranges(ranges: readonly ByteRange[], size: number, partType: string): MultipartBody {
  const boundary = randomBytes(12).toString('hex');
  const heads = ranges.map((r, i) =>
    Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${partType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let length = tail.length;
  ranges.forEach((r, i) => (length += heads[i].length + r.end - r.start + 1));

  async function* parts(file: FileHandle): AsyncGenerator<Buffer> {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i];
      const { start, end } = ranges[i];
      for await (const chunk of file.createReadStream({ start, end, autoClose: false })) yield chunk as Buffer;
    }
    yield tail;
  }

  const open = (file: FileHandle): Readable => {
    const body = Readable.from(parts(file), { objectMode: false });
    // 'close' follows both the end and a destroy (client gone), even before the first read.
    body.once('close', () => void file.close().catch(() => {}));
    return body;
  };
  const fromContent = (content: Buffer): Buffer => {
    const pieces: Buffer[] = [];
    ranges.forEach((r, i) => pieces.push(heads[i], content.subarray(r.start, r.end + 1)));
    pieces.push(tail);
    return Buffer.concat(pieces, length);
  };
  return { contentType: `multipart/byteranges; boundary=${boundary}`, length, open, fromContent };
}
