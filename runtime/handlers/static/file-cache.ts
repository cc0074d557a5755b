/**
 * What one provisioned `file_server` remembers about the paths it served: that a path's real location was
 * checked to be under the root, and for small files their content and validators, so a repeat request costs
 * one `stat` and no open/read/close.
 *
 * Invariant: an entry is only ever used for the root it was checked under, and while a fresh `stat` of its
 * path shows the very identity it was stored with (device, inode, size, mtime, ctime). A retargeted symlink resolves to another inode; a write, rename,
 * link, unlink or chmod moves ctime; so a matching identity means the same, unchanged file reached the same
 * way it was when its real path was checked and its content read. Content read less than RACY_WINDOW_MS
 * after the file last changed is not kept, since a second change inside one timestamp tick would leave the
 * identity as it was.
 */
import type { Stats } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { validatorsFor, type Validators } from './conditional.ts';

/** Files up to this size are kept in memory; larger ones are streamed from disk on every request. */
export const MAX_CACHED_FILE_BYTES = 256 * 1024;
/** Memory one handler's cache may hold (content plus a rough per-entry overhead); least recently used goes first. */
export const CACHE_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * A file whose mtime or ctime is less than this old when it is read is served but not kept: two changes inside
 * one timestamp tick look identical. Linux ticks are a few milliseconds; ext3 and HFS+ timestamps have whole
 * seconds, FAT two.
 */
export const RACY_WINDOW_MS = 2000;
/** What an entry costs besides its content (key, identity, validators), for the budget. */
const ENTRY_OVERHEAD_BYTES = 256;

/** The fields of a `stat` that tell one version of one file (reached one way) from any other. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

export type CachedPath =
  /** A regular file whose real path is under `root`; content null when too large or changed too recently. */
  | {
      readonly kind: 'file';
      readonly root: string;
      readonly identity: FileIdentity;
      readonly validators: Validators;
      readonly content: Buffer | null;
    }
  /** A directory whose real path is under `root`. */
  | { readonly kind: 'directory'; readonly root: string; readonly identity: FileIdentity };

export interface FileCacheOptions {
  readonly budgetBytes?: number;
  readonly maxFileBytes?: number;
  readonly racyWindowMs?: number;
}

export class FileCache {
  readonly maxFileBytes: number;
  private readonly racyWindowMs: number;
  private readonly entries: LRUCache<string, CachedPath>;

  constructor(options: FileCacheOptions = {}) {
    this.maxFileBytes = options.maxFileBytes ?? MAX_CACHED_FILE_BYTES;
    this.racyWindowMs = options.racyWindowMs ?? RACY_WINDOW_MS;
    this.entries = new LRUCache<string, CachedPath>({
      maxSize: options.budgetBytes ?? CACHE_BUDGET_BYTES,
      sizeCalculation: (entry, key) => entryCost(entry, key),
    });
  }

  /**
   * The entry for `abs` when it was checked under `root` and `stats` (a fresh stat of it) shows the identity it
   * was stored with; a stale one is dropped.
   */
  get(root: string, abs: string, stats: Stats): CachedPath | null {
    const entry = this.entries.get(abs);
    if (entry === undefined || entry.root !== root) return null;
    if (sameIdentity(entry.identity, stats)) return entry;
    this.entries.delete(abs);
    return null;
  }

  /** Remembers that the directory `abs`, in the version `stats` shows, has its real path under `root`. */
  rememberDirectory(root: string, abs: string, stats: Stats): void {
    this.entries.set(abs, { kind: 'directory', root, identity: identityOf(stats) });
  }

  /**
   * Remembers the regular file `abs` (real path checked under `root`) in the version `stats` shows, with
   * `content` read from it after `readStartMs` (Date.now()), and returns the entry. The content is kept only
   * when it is small enough and the file had not changed within the racy window before the read began.
   */
  rememberFile(root: string, abs: string, stats: Stats, content: Buffer | null, readStartMs: number): CachedPath & { kind: 'file' } {
    const keep =
      content !== null &&
      content.byteLength <= this.maxFileBytes &&
      readStartMs - Math.max(stats.mtimeMs, stats.ctimeMs) >= this.racyWindowMs;
    const entry = {
      kind: 'file',
      root,
      identity: identityOf(stats),
      validators: validatorsFor(stats, ''),
      content: keep ? content : null,
    } as const;
    this.entries.set(abs, entry);
    return entry;
  }

  /** Bytes held against the budget. */
  get heldBytes(): number {
    return this.entries.calculatedSize;
  }

  clear(): void {
    this.entries.clear();
  }
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.dev === b.dev;
}

function identityOf(stats: Stats): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

function entryCost(entry: CachedPath, key: string): number {
  const content = entry.kind === 'file' && entry.content !== null ? entry.content.byteLength : 0;
  return ENTRY_OVERHEAD_BYTES + key.length * 2 + content;
}
