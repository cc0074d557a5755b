/**
 * Validators and conditional requests for static files (RFC 9110 §8.8, §13).
 *
 * Invariant: preconditions are evaluated in the RFC's order (If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since); dates compare at one-second precision, like the Last-Modified header that carries them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Stats } from 'node:fs';

export interface Validators {
  /** Strong entity tag, quoted. */
  readonly etag: string;
  /** Modification time truncated to whole seconds (ms since epoch). */
  readonly modifiedMs: number;
  /** HTTP-date form of modifiedMs. */
  readonly lastModified: string;
}

/** A strong ETag from size and modification time; `suffix` tells encodings of one file apart. */
export function validatorsFor(stats: Pick<Stats, 'mtimeMs' | 'size'>, suffix: string): Validators {
  const micros = Math.round(stats.mtimeMs * 1000).toString(36);
  const modifiedMs = Math.floor(stats.mtimeMs / 1000) * 1000;
  return {
    etag: `"${micros}-${stats.size.toString(36)}${suffix}"`,
    modifiedMs,
    lastModified: new Date(modifiedMs).toUTCString(),
  };
}

/** The validators of one encoding of a file (`suffix` as in validatorsFor) from those of the file itself. */
export function withEtagSuffix(v: Validators, suffix: string): Validators {
  return suffix === '' ? v : { etag: `${v.etag.slice(0, -1)}${suffix}"`, modifiedMs: v.modifiedMs, lastModified: v.lastModified };
}

export type Precondition = 'proceed' | 'not-modified' | 'failed';

export function evaluatePreconditions(method: string, headers: IncomingHttpHeaders, v: Validators): Precondition {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!matchesAny(ifMatch, v.etag, true)) return 'failed';
  } else {
    const since = parseDate(headers['if-unmodified-since']);
    if (since !== null && v.modifiedMs > since) return 'failed';
  }
  const safe = method === 'GET' || method === 'HEAD';
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (matchesAny(ifNoneMatch, v.etag, false)) return safe ? 'not-modified' : 'failed';
  } else if (safe) {
    const since = parseDate(headers['if-modified-since']);
    if (since !== null && v.modifiedMs <= since) return 'not-modified';
  }
  return 'proceed';
}

/**
 * If-Range (RFC 9110 §13.1.5): true when the Range header may be honoured. An entity tag must match strongly;
 * a date must equal Last-Modified exactly.
 */
export function ifRangeAllows(headers: IncomingHttpHeaders, v: Validators): boolean {
  const value = headers['if-range'];
  if (value === undefined) return true;
  if (Array.isArray(value)) return false;
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) return !trimmed.startsWith('W/') && trimmed === v.etag;
  const date = parseDate(trimmed);
  return date !== null && date === v.modifiedMs;
}

const ENTITY_TAG = /\*|(?:W\/)?"[^"]*"/g;

/** Whether a list of entity tags (or `*`) matches `etag`; strong comparison refuses weak tags. */
function matchesAny(list: string, etag: string, strong: boolean): boolean {
  for (const [tag] of list.matchAll(ENTITY_TAG)) {
    if (tag === '*') return true;
    if (tag.startsWith('W/')) {
      if (!strong && tag.slice(2) === etag) return true;
    } else if (tag === etag) return true;
  }
  return false;
}

function parseDate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
