/**
 * The head-time decision of `encode`: may this response be compressed?
 *
 * Invariant: pure function of the response head and the handler's compiled settings; the request-side checks
 * (Accept-Encoding, HEAD) are made before the transform is registered.
 */
import type { ResponseHead } from '../../http/handler.ts';
import type { TypeMatcher } from './compressible-types.ts';

export interface EncodeSettings {
  readonly minLength: number;
  readonly isCompressible: TypeMatcher;
}

export function shouldEncode(head: ResponseHead, settings: EncodeSettings): boolean {
  const { status, headers } = head;
  // 1xx, 204 and 304 carry no body; 206 is a slice of the identity representation.
  if (status < 200 || status === 204 || status === 206 || status === 304) return false;
  const existing = headerString(headers['content-encoding']);
  if (existing !== '' && existing.toLowerCase() !== 'identity') return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headerString(headers['cache-control']))) return false;
  const length = headers['content-length'];
  if (length !== undefined && Number(length) < settings.minLength) return false;
  return settings.isCompressible(headerString(headers['content-type']));
}

export function headerString(value: string | number | readonly string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}
