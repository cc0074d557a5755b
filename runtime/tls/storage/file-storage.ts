/**
 * Certificate storage in a folder: owner-only permissions (folders 0700, files 0600), atomic writes (temp file
 * + rename), and lock files shared by every process using the folder, as certmagic does: a lock is a file
 * created with O_EXCL holding a timestamp that its holder refreshes (heartbeat); a lock whose timestamp is older
 * than the stale expiry belongs to a dead holder and is taken over.
 *
 * Invariant: two processes sharing the folder never both hold a lock whose holder is alive; every file this
 * writes is 0600 and every folder 0700.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CertificateStorage } from './storage.ts';

export interface FileStorageOptions {
  /** A lock not refreshed for this long is taken over (default 30 s; the heartbeat runs every third of it). */
  readonly staleMs?: number;
  /** How often a waiting lock() looks again (default 250 ms). */
  readonly pollMs?: number;
}

interface Held {
  readonly file: string;
  readonly token: string;
  readonly heartbeat: NodeJS.Timeout;
}

export class FileStorage implements CertificateStorage {
  readonly id: string;
  private readonly root: string;
  private readonly staleMs: number;
  private readonly pollMs: number;
  private readonly held = new Map<string, Held>();

  constructor(root: string, options: FileStorageOptions = {}) {
    this.root = root;
    this.id = `file:${root}`;
    this.staleMs = options.staleMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
  }

  async load(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async store(key: string, value: Buffer | string): Promise<void> {
    const file = this.path(key);
    await this.ensureDir(dirname(file));
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, value, { mode: 0o600 });
    await rename(temp, file);
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.path(prefix);
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith('.tmp') && !entry.name.endsWith('.stale')) out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(base);
    return out.sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true, recursive: true });
  }

  async lock(name: string, signal?: AbortSignal): Promise<void> {
    // Another holder in this process: wait for it like for any other (the file alone cannot tell them apart).
    while (this.held.has(name)) await sleep(this.pollMs, undefined, { signal });
    const file = this.path(`locks/${name}.lock`);
    await this.ensureDir(dirname(file));
    const token = randomBytes(8).toString('hex');
    for (;;) {
      signal?.throwIfAborted();
      if (await this.tryCreate(file, token)) break;
      const stale = await this.staleToken(file);
      if (stale !== null) {
        await this.takeOver(file, stale);
        continue;
      }
      await sleep(this.pollMs, undefined, { signal });
    }
    const heartbeat = setInterval(() => {
      void writeFile(file, lockBody(token), { mode: 0o600 }).catch(() => undefined);
    }, Math.max(50, Math.floor(this.staleMs / 3)));
    heartbeat.unref();
    this.held.set(name, { file, token, heartbeat });
  }

  async unlock(name: string): Promise<void> {
    const held = this.held.get(name);
    if (held === undefined) return;
    this.held.delete(name);
    clearInterval(held.heartbeat);
    // Only remove the file if it is still ours (a stalled holder may have lost it to a takeover).
    const body = await readFile(held.file, 'utf8').catch(() => '');
    if (body.startsWith(`${held.token} `)) await rm(held.file, { force: true });
  }

  /** Releases every lock this storage holds (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.held.keys()].map((name) => this.unlock(name)));
  }

  private async tryCreate(file: string, token: string): Promise<boolean> {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(lockBody(token));
      } finally {
        await handle.close();
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  /** The token of a lock whose holder stopped refreshing it, or null (no lock, or a live one). */
  private async staleToken(file: string): Promise<string | null> {
    try {
      const [body, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      const [token, time] = body.split(' ');
      const written = Number(time);
      const at = Number.isFinite(written) ? Math.max(written, info.mtimeMs) : info.mtimeMs;
      return Date.now() - at > this.staleMs ? token : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /**
   * Moves a stale lock aside. Two waiters may both have seen it stale: rename is atomic, so only one moves it;
   * if what was moved is not the stale lock (another waiter already took over and created a fresh one), it is
   * put back.
   */
  private async takeOver(file: string, staleToken: string): Promise<void> {
    const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const body = await readFile(aside, 'utf8').catch(() => '');
    if (body.startsWith(`${staleToken} `)) await rm(aside, { force: true });
    else await link(aside, file).then(() => rm(aside, { force: true }), () => rm(aside, { force: true }));
  }

  private async ensureDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is masked by the umask and leaves existing folders alone: the root and every folder under
    // it are made owner-only explicitly.
    for (let d = dir; d.length >= this.root.length; d = dirname(d)) {
      await chmod(d, 0o700);
      if (d === this.root || d === dirname(d)) break;
    }
  }

  private path(key: string): string {
    if (key.split('/').some((part) => part === '..' || part.includes('\\'))) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/').filter((p) => p !== ''));
  }
}

function lockBody(token: string): string {
  return `${token} ${Date.now()}\n`;
}
