/**
 * `encode`: compresses responses produced by later handlers (gzip, br, zstd), negotiated per request.
 *
 * The coding is chosen from Accept-Encoding before the rest of the chain runs; whether to use it is decided
 * when the response head is written (status, existing Content-Encoding, length, type), so it applies to every
 * response whoever writes it.
 */
import type { Transform } from 'node:stream';
import type { HandlerFactory, ResponseHead } from '../http/handler.ts';
import type { EncodeHandler } from '../plan/plan.ts';
import { negotiateEncoding, type ContentCoding } from './encoding/accept-encoding.ts';
import { compileTypeMatcher, mediaType } from './encoding/compressible-types.ts';
import { createCompressor } from './encoding/compressor.ts';
import { headerString, shouldEncode, type EncodeSettings } from './encoding/should-encode.ts';
import { addVary } from './encoding/vary.ts';

export const encode: HandlerFactory<EncodeHandler> = (plan) => {
  const settings: EncodeSettings = { minLength: plan.minLength, isCompressible: compileTypeMatcher(plan.types) };
  const encodings = plan.encodings;
  return {
    handle: async (ctx, next) => {
      if (ctx.method !== 'HEAD') {
        const coding = negotiateEncoding(ctx.headers, encodings);
        ctx.response.addBodyTransform((head) => {
          if (!shouldEncode(head, settings)) return null;
          if (coding === null) {
            // Identity for this client, but the representation varies by Accept-Encoding.
            addVary(head.headers, 'Accept-Encoding');
            return null;
          }
          return startEncoding(head, coding);
        });
      }
      await next();
    },
  };
};

function startEncoding(head: ResponseHead, coding: ContentCoding): Transform {
  const headers = head.headers;
  const length = headers['content-length'];
  const sizeHint = length === undefined ? null : Number(length);
  headers['content-encoding'] = coding;
  addVary(headers, 'Accept-Encoding');
  delete headers['content-length'];
  // Ranges of the identity representation don't apply to the encoded one.
  delete headers['accept-ranges'];
  const etag = headerString(headers['etag']);
  if (etag.startsWith('"')) headers['etag'] = `W/${etag}`;
  const streaming = mediaType(headerString(headers['content-type'])) === 'text/event-stream';
  return createCompressor(coding, { streaming, sizeHint: Number.isFinite(sizeHint) ? sizeHint : null });
}
