/**
 * Precompressed siblings (`app.js.br`, `app.js.zst`, `app.js.gz`) served instead of the file itself.
 *
 * Invariant: a sibling is used only if the client accepts its coding (q > 0) and it is a regular file whose
 * real path stays under the root; the best one by the client's q-values, then the configured order, wins.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ContentCoding } from '../encoding/accept-encoding.ts';
import { rankEncodings } from '../encoding/accept-encoding.ts';
import type { FileCache } from './file-cache.ts';
import { lookup, type Lookup } from './safe-path.ts';

export const PRECOMPRESSED_SUFFIX: Readonly<Record<ContentCoding, string>> = { br: '.br', zstd: '.zst', gzip: '.gz' };

export interface Precompressed {
  readonly coding: ContentCoding;
  readonly found: Lookup & { readonly kind: 'file' };
}

export async function findPrecompressed(
  root: string,
  abs: string,
  headers: IncomingHttpHeaders,
  configured: readonly ContentCoding[],
  cache: FileCache,
): Promise<Precompressed | null> {
  for (const coding of rankEncodings(headers, configured)) {
    const found = await lookup(root, abs + PRECOMPRESSED_SUFFIX[coding], cache);
    if (found.kind === 'file') return { coding, found };
  }
  return null;
}
