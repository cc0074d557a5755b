/**
 * Shared log destinations (sonic-boom): one per fd and one per file path, reference-counted, so sites and
 * successive plans writing to the same place never interleave partial lines from separate buffers.
 *
 * Lines are collected for up to FLUSH_MS (or FLUSH_BYTES) and handed to sonic-boom together: under load one
 * asynchronous write (one threadpool round trip, which costs more than formatting the lines) carries many
 * lines instead of one each. A line therefore reaches the file at most FLUSH_MS late; release() (reload,
 * shutdown) hands over what is pending at once. Batches are handed over as Buffers (sonic-boom's buffer mode):
 * in string mode it measures its whole pending string on every write, which under load costs more than the
 * lines themselves.
 */
import { once } from 'node:events';
import pino from 'pino';

type SonicBoom = ReturnType<typeof pino.destination>;

/** How long a line may wait for others before it is written. */
const FLUSH_MS = 10;
/** Pending bytes (UTF-16 units, near enough) that are written at once without waiting. */
const FLUSH_BYTES = 64 * 1024;

interface Entry {
  readonly boom: SonicBoom;
  refs: number;
  readonly closeOnRelease: boolean;
  /** Lines not yet handed to sonic-boom. */
  pending: string;
  /** Hands `pending` over when it fires; null when nothing is pending. */
  timer: NodeJS.Timeout | null;
}

const open = new Map<string, Entry>();

export interface Destination {
  write(line: string): void;
  /** Drop this reference: flushes; the last reference to a file closes it. */
  release(): Promise<void>;
}

export async function acquireDestination(target: { kind: 'fd'; fd: 1 | 2 } | { kind: 'file'; path: string }): Promise<Destination> {
  const key = target.kind === 'fd' ? `fd:${target.fd}` : `file:${target.path}`;
  let entry = open.get(key);
  if (entry === undefined) {
    const boom =
      target.kind === 'fd'
        ? pino.destination({ fd: target.fd, sync: false, minLength: 0, contentMode: 'buffer' })
        : pino.destination({ dest: target.path, sync: false, minLength: 0, mkdir: true, append: true, contentMode: 'buffer' });
    if (target.kind === 'file') {
      try {
        await once(boom, 'ready');
      } catch (err) {
        throw new Error(`cannot open access log ${target.path}: ${(err as Error).message}`, { cause: err });
      }
      // Another caller may have opened it while we waited.
      const raced = open.get(key);
      if (raced !== undefined) {
        boom.end();
        entry = raced;
      }
    }
    if (entry === undefined) {
      // A write error later on (disk full, closed pipe) must not crash the server: report it and go on.
      boom.on('error', (err: Error) => process.emitWarning(`access log ${key}: ${err.message}`, 'RwsAccessLogWarning'));
      entry = { boom, refs: 0, closeOnRelease: target.kind === 'file', pending: '', timer: null };
      open.set(key, entry);
    }
  }
  const held = entry;
  held.refs++;
  let released = false;
  return {
    write: (line) => {
      held.pending += line;
      if (held.pending.length >= FLUSH_BYTES) handOver(held);
      else if (held.timer === null) held.timer = setTimeout(handOver, FLUSH_MS, held).unref();
    },
    release: async () => {
      if (released) return;
      released = true;
      handOver(held);
      held.refs--;
      if (held.refs > 0 || !held.closeOnRelease) {
        await flush(held.boom);
        return;
      }
      open.delete(key);
      const closed = once(held.boom, 'close');
      held.boom.end();
      await closed;
    },
  };
}

/** Gives the pending lines to sonic-boom (which writes them at once, or after the write in progress). */
function handOver(entry: Entry): void {
  if (entry.timer !== null) {
    clearTimeout(entry.timer);
    entry.timer = null;
  }
  if (entry.pending === '') return;
  const lines = entry.pending;
  entry.pending = '';
  (entry.boom as unknown as { write(chunk: Buffer): boolean }).write(Buffer.from(lines));
}

function flush(boom: SonicBoom): Promise<void> {
  return new Promise((resolve) => {
    boom.flush((err) => {
      // A flush error (e.g. EAGAIN on a pipe) is retried by sonic-boom itself; nothing to do here.
      void err;
      resolve();
    });
  });
}
