/**
 * Canonical JSON: object keys sorted, no white space, `undefined` members dropped (as JSON.stringify does).
 * Two structurally equal values always give the same text, whatever order their keys were written in.
 *
 * Invariant: the output is valid JSON, equal to JSON.stringify of the value with every object rebuilt with its
 * keys sorted (so, as JavaScript enumerates such an object, integer-like keys come first in numeric order, then
 * the others by code unit), and depends only on the value, never on key insertion order. Plain data only:
 * `toJSON` is not called.
 *
 * Written by hand rather than through JSON.stringify with a replacer (which V8 calls for every member and
 * which loses its fast path): objects of one shape (the same keys in the same order) share one cached key
 * order and their `"key":` prefixes, and the text goes to a sink in chunks, so a plan of megabytes can be
 * hashed without ever being one string.
 */

import { deepFreeze } from './deep-freeze.ts';

/** Receives the text in order, in chunks of about CHUNK characters. */
export type TextSink = (chunk: string) => void;

/** Keys for which `omit(key)` is true are left out at every depth (e.g. `origin` when hashing a plan). */
export type OmitKey = (key: string) => boolean;

export function canonicalJson(value: unknown, omit?: OmitKey): string {
  let text = '';
  writeCanonicalJson(value, (chunk) => (text += chunk), omit === undefined ? {} : { omit });
  return text;
}

export interface WriteOptions {
  readonly omit?: OmitKey;
  /**
   * Freeze every object and array once written (children before parents), so a caller that needs both the text
   * and a deep-frozen value walks it once (the plan: hashed, then frozen).
   */
  readonly freeze?: boolean;
}

/** Writes the canonical JSON of `value` to `sink`; `"null"` when the value itself has no JSON form. */
export function writeCanonicalJson(value: unknown, sink: TextSink, options: WriteOptions = {}): void {
  const writer = new Writer(sink, options.omit ?? null, options.freeze === true);
  if (!writer.value(value)) writer.write('null');
  writer.flush();
}

const CHUNK = 1 << 16;

/** The members of one object shape, in canonical order, omitted keys already removed. */
interface Shape {
  /** Object.keys of the shape, in insertion order: what a candidate object is compared with. */
  readonly keys: readonly string[];
  readonly ordered: readonly string[];
  /** `"key":` for each of `ordered`, and the same with a leading comma. */
  readonly prefixes: readonly string[];
  readonly commaPrefixes: readonly string[];
  /** The keys left out (not written, but still frozen when freezing). */
  readonly omitted: readonly string[];
}

/** Shapes with more keys than this are records (host tables, vars), rarely repeated: sorted each time. */
const MAX_CACHED_KEYS = 24;
/** Bounds the cache across compiles (the omit function is part of a shape, so each caller gets its own). */
const MAX_CACHED_SHAPES = 512;

interface ShapeCache {
  readonly byFirstKey: Map<string, Shape[]>;
  size: number;
}

const caches = new WeakMap<OmitKey | object, ShapeCache>();
const NO_OMIT = {};

function cacheFor(omit: OmitKey | null): ShapeCache {
  const owner = omit ?? NO_OMIT;
  let cache = caches.get(owner);
  if (cache === undefined) {
    cache = { byFirstKey: new Map(), size: 0 };
    caches.set(owner, cache);
  }
  return cache;
}

class Writer {
  /** The current chunk (a rope V8 flattens once, when it goes to the sink). */
  #out = '';
  readonly #sink: TextSink;
  readonly #omit: OmitKey | null;
  readonly #cache: ShapeCache;
  readonly #freeze: boolean;

  constructor(sink: TextSink, omit: OmitKey | null, freeze: boolean) {
    this.#sink = sink;
    this.#omit = omit;
    this.#cache = cacheFor(omit);
    this.#freeze = freeze;
  }

  write(piece: string): void {
    this.#out += piece;
  }

  flush(): void {
    if (this.#out.length > 0) this.#sink(this.#out);
    this.#out = '';
  }

  /** Appends the value's JSON; false (nothing written) for undefined, functions and symbols. */
  value(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.write(quoted(value));
        return true;
      case 'number':
        this.write(Number.isFinite(value) ? String(value) : 'null');
        return true;
      case 'boolean':
        this.write(value ? 'true' : 'false');
        return true;
      case 'object':
        if (value === null) this.write('null');
        else if (Array.isArray(value)) this.array(value);
        else this.object(value as Record<string, unknown>);
        return true;
      case 'bigint':
        throw new TypeError('canonicalJson: a BigInt has no JSON form');
      default:
        return false;
    }
  }

  array(items: readonly unknown[]): void {
    this.write('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.write(',');
      if (!this.value(items[i])) this.write('null');
    }
    this.write(']');
    if (this.#freeze) Object.freeze(items);
    if (this.#out.length >= CHUNK) this.flush();
  }

  object(record: Record<string, unknown>): void {
    const shape = this.shape(Object.keys(record));
    const { ordered, prefixes, commaPrefixes, omitted } = shape;
    this.write('{');
    let first = true;
    for (let i = 0; i < ordered.length; i++) {
      const item = record[ordered[i]];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.write(first ? prefixes[i] : commaPrefixes[i]);
      first = false;
      this.value(item);
    }
    this.write('}');
    if (this.#freeze) {
      for (let i = 0; i < omitted.length; i++) deepFreeze(record[omitted[i]]);
      Object.freeze(record);
    }
    if (this.#out.length >= CHUNK) this.flush();
  }

  shape(keys: string[]): Shape {
    if (keys.length > MAX_CACHED_KEYS) return this.makeShape(keys);
    const cache = this.#cache;
    const firstKey = keys.length === 0 ? '' : keys[0];
    let bucket = cache.byFirstKey.get(firstKey);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) if (sameKeys(bucket[i].keys, keys)) return bucket[i];
    } else {
      if (cache.size >= MAX_CACHED_SHAPES) {
        cache.byFirstKey.clear();
        cache.size = 0;
      }
      bucket = [];
      cache.byFirstKey.set(firstKey, bucket);
    }
    const shape = this.makeShape(keys);
    bucket.push(shape);
    cache.size++;
    return shape;
  }

  makeShape(keys: string[]): Shape {
    const omit = this.#omit;
    const kept = omit === null ? keys : keys.filter((k) => !omit(k));
    const omitted = omit === null ? [] : keys.filter(omit);
    const ordered = isSorted(kept) ? kept : sortKeys(kept);
    const prefixes = ordered.map((k) => `${JSON.stringify(k)}:`);
    return { keys, ordered, prefixes, commaPrefixes: prefixes.map((p) => `,${p}`), omitted };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
}

/** Object.keys already lists integer-like keys first, in numeric order; only the rest needs sorting. */
function sortKeys(keys: readonly string[]): string[] {
  let integers = 0;
  while (integers < keys.length && isArrayIndex(keys[integers])) integers++;
  return [...keys.slice(0, integers), ...keys.slice(integers).sort()];
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** Strings that need no escaping are quoted by concatenation (JSON.stringify per string costs a builtin call). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quoted(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
