/**
 * zlib compressors per content coding.
 *
 * Invariant: `streaming` compressors flush after every write (SSE and other long-lived responses stay live);
 * the others buffer for the best ratio and flush only at the end.
 */
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import type { ContentCoding } from './accept-encoding.ts';

const { constants } = zlib;

/** Gzip level: zlib's default trade-off. */
const GZIP_LEVEL = 6;
/** Brotli quality: 4-5 is close to gzip -6 in speed with a better ratio; 11 is far too slow on the fly. */
const BROTLI_QUALITY = 4;
/** Zstandard level: the library's default. */
const ZSTD_LEVEL = 3;

export interface CompressorOptions {
  /** Flush after each write (text/event-stream). */
  readonly streaming: boolean;
  /** The uncompressed size when known (Content-Length): lets brotli size its window. */
  readonly sizeHint: number | null;
}

export function createCompressor(coding: ContentCoding, options: CompressorOptions): Transform {
  switch (coding) {
    case 'gzip':
      return zlib.createGzip({
        level: GZIP_LEVEL,
        flush: options.streaming ? constants.Z_SYNC_FLUSH : constants.Z_NO_FLUSH,
      });
    case 'br': {
      const params: Record<number, number> = {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      };
      if (options.sizeHint !== null) params[constants.BROTLI_PARAM_SIZE_HINT] = Math.min(options.sizeHint, 2 ** 30);
      return zlib.createBrotliCompress({
        params,
        flush: options.streaming ? constants.BROTLI_OPERATION_FLUSH : constants.BROTLI_OPERATION_PROCESS,
      });
    }
    case 'zstd':
      return zlib.createZstdCompress({
        params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL },
        flush: options.streaming ? constants.ZSTD_e_flush : constants.ZSTD_e_continue,
      });
    default: {
      const unknown: never = coding;
      throw new Error(`unknown content coding ${String(unknown)}`);
    }
  }
}
