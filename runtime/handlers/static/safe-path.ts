/**
 * Mapping a request path onto the file system under a root, safely.
 *
 * Invariant: whatever the request path holds (`..`, NUL, encoded separators already decoded by the core),
 * the result is the root itself or a path inside it, and a symlink whose target lies outside the root's real
 * path is reported as missing, never followed.
 */
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { HttpError } from '../../http/handler.ts';
import type { CachedPath, FileCache } from './file-cache.ts';

/**
 * Joins a decoded request path ("/a/b.txt") under an absolute root. Null when the result would leave the
 * root or the path holds a NUL byte.
 */
export function mapUnderRoot(root: string, requestPath: string): string | null {
  if (requestPath.includes('\0')) return null;
  const abs = path.join(root, requestPath);
  return isInside(root, abs) ? abs : null;
}

/** `child` is `root` or below it (both absolute and normalised). */
export function isInside(root: string, child: string): boolean {
  if (child === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return child.startsWith(prefix);
}

/** The path of `abs` relative to `root`, with "/" separators and no leading slash ('' for the root). */
export function relativeToRoot(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

export type Lookup =
  /** A regular file whose real path is under `root`; `cached` is what the cache holds for this very version. */
  | { readonly kind: 'file'; readonly root: string; readonly abs: string; readonly stats: Stats; readonly cached: CachedFile | null }
  | { readonly kind: 'directory'; readonly abs: string; readonly stats: Stats }
  | { readonly kind: 'missing' }
  | { readonly kind: 'forbidden' };

type CachedFile = CachedPath & { readonly kind: 'file' };

const MISSING: Lookup = { kind: 'missing' };
const FORBIDDEN: Lookup = { kind: 'forbidden' };

/** Error codes meaning "no such file" for a request (a path through a file, a symlink loop, a long name). */
const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EINVAL']);
const FORBIDDEN_CODES = new Set(['EACCES', 'EPERM']);

/**
 * Stats `abs` (following symlinks) and checks that its real path stays under the root's real path. Anything
 * else than a regular file or a directory (sockets, FIFOs, devices) is reported missing.
 *
 * The real-path check is skipped when `cache` holds `abs`, checked under this root, with the identity this
 * stat shows (it was checked for that very file reached that very way); a passing check of a directory is
 * remembered here, of a file once it is read (serve-file.ts).
 */
export async function lookup(root: string, abs: string, cache: FileCache): Promise<Lookup> {
  let stats: Stats;
  try {
    stats = await fs.stat(abs);
  } catch (err) {
    return classify(err);
  }
  const isFile = stats.isFile();
  if (!isFile && !stats.isDirectory()) return MISSING;
  const cached = cache.get(root, abs, stats);
  if (cached !== null && (cached.kind === 'file') === isFile) {
    return cached.kind === 'file' ? { kind: 'file', root, abs, stats, cached } : { kind: 'directory', abs, stats };
  }
  try {
    // The root's real path is resolved again on every miss: a `current -> releases/N` symlink swapped by a
    // deploy must move the root too.
    const [realRoot, realTarget] = await Promise.all([fs.realpath(root), fs.realpath(abs)]);
    if (!isInside(realRoot, realTarget)) return MISSING;
  } catch (err) {
    return classify(err);
  }
  if (isFile) return { kind: 'file', root, abs, stats, cached: null };
  cache.rememberDirectory(root, abs, stats);
  return { kind: 'directory', abs, stats };
}

function classify(err: unknown): Lookup {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (MISSING_CODES.has(code)) return MISSING;
  if (FORBIDDEN_CODES.has(code)) return FORBIDDEN;
  throw err;
}

/**
 * For a file-system error after lookup succeeded (the file vanished, or can be stat'ed but not read): the
 * HttpError a client should see. Unexpected errors (EIO, EMFILE) are rethrown and become a 500.
 */
export function fsErrorToHttp(err: unknown, abs: string): HttpError {
  const found = classify(err);
  switch (found.kind) {
    case 'missing':
      return new HttpError(404, 'Not Found', `${abs} disappeared while being served`);
    case 'forbidden':
      return new HttpError(403, 'Forbidden', `${abs}: permission denied`);
    default:
      throw err;
  }
}
