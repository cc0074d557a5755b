/**
 * multipart/byteranges bodies (RFC 9110 §14.6) for requests with several ranges.
 *
 * Invariant: the announced length is exactly the number of bytes the stream produces; the file handle is
 * closed when the body ends or is destroyed.
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
  return { contentType: `multipart/byteranges; boundary=${boundary}`, length, open };
}
