import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStorage } from '../../runtime/tls/storage/file-storage.ts';

// The file storage: owner-only files, atomic values, and locks that exclude other holders (other processes
// use the same lock files) until released, with takeover of a lock whose holder stopped its heartbeat.
const opened: FileStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function storage(dir: string, staleMs = 30_000): FileStorage {
  const s = new FileStorage(dir, { staleMs, pollMs: 20 });
  opened.push(s);
  return s;
}

describe('file storage', () => {
  it('stores, lists and deletes values with owner-only permissions', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rws-storage-')), 'store');
    const s = storage(dir);
    await s.store('certificates/acme-x/a.example.com/bundle.json', '{"a":1}');
    await s.store('acme/acme-x/account.json', Buffer.from('{}'));
    expect((await s.load('certificates/acme-x/a.example.com/bundle.json'))?.toString()).toBe('{"a":1}');
    expect(await s.load('missing/key')).toBeNull();
    expect(await s.list('certificates')).toEqual(['certificates/acme-x/a.example.com/bundle.json']);
    expect(statSync(join(dir, 'certificates/acme-x/a.example.com/bundle.json')).mode & 0o777).toBe(0o600);
    for (const d of [dir, join(dir, 'certificates'), join(dir, 'certificates/acme-x/a.example.com')]) expect(statSync(d).mode & 0o777).toBe(0o700);
    await s.delete('certificates');
    expect(await s.list('')).toEqual(['acme/acme-x/account.json']);
    await expect(s.load('../outside')).rejects.toThrow('invalid storage key');
  });

  it('makes a second holder wait until the first unlocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rws-storage-'));
    const [a, b] = [storage(dir), storage(dir)];
    await a.lock('issue-x');
    let bHolds = false;
    const waiting = b.lock('issue-x').then(() => {
      bHolds = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(bHolds).toBe(false);
    await a.unlock('issue-x');
    await waiting;
    expect(bHolds).toBe(true);
    await b.unlock('issue-x');
  });

  it('keeps a live lock alive with its heartbeat, and takes over a stale one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rws-storage-'));
    const live = storage(dir, 300);
    await live.lock('l');
    const other = storage(dir, 300);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 900);
    // Three stale periods: the heartbeat keeps the lock fresh, so the waiter never gets it.
    await expect(other.lock('l', controller.signal)).rejects.toThrow();
    await live.unlock('l');

    // A holder that died: its lock file is never refreshed again.
    const file = join(dir, 'locks', 'dead.lock');
    writeFileSync(file, `deadbeef ${Date.now() - 10_000}\n`);
    const old = (Date.now() - 10_000) / 1000;
    utimesSync(file, old, old);
    await other.lock('dead');
    expect(readFileSync(file, 'utf8')).not.toContain('deadbeef');
    await other.unlock('dead');
  });
});
