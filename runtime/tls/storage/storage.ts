/**
 * Where certificates, keys, ACME accounts and the local CA live, behind an interface so that other backends
 * (a database, a KV store) can share one storage between instances.
 *
 * Invariant: keys are relative `/`-separated paths of safe segments; lock(name) returns only once this process
 * holds the named lock, and a holder that dies stops holding it after the stale-lock expiry.
 */
export interface CertificateStorage {
  /** The stored bytes, or null when the key does not exist. */
  load(key: string): Promise<Buffer | null>;
  /** Writes atomically (readers see the old or the new value, never a part). */
  store(key: string, value: Buffer | string): Promise<void>;
  /** Keys directly or indirectly under `prefix`. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** Waits (bounded by `signal`) until this process holds the named lock. */
  lock(name: string, signal?: AbortSignal): Promise<void>;
  unlock(name: string): Promise<void>;
  /** A stable text naming this storage (its folder): certificate managers are shared per storage. */
  readonly id: string;
}

/** Key segments: lower-case names as they appear in certificates (`*.` becomes `wildcard_`), no `..`. */
export function safeSegment(text: string): string {
  return text.toLowerCase().replace(/^\*\./, 'wildcard_.').replace(/[^a-z0-9._@-]/g, '_').replace(/^\.+/, '_');
}
