/**
 * Shared log destinations (sonic-boom): one per fd and one per file path, reference-counted, so sites and
 * successive plans writing to the same place never interleave partial lines from separate buffers.
 *
 * Lines written during one turn of the event loop are handed to sonic-boom together, in one write, at the
 * end of that turn (setImmediate): under load one write (one threadpool round trip) carries many lines
 * instead of one each; at rest a line still goes out at once. Batches are handed over as Buffers (sonic-boom's
 * buffer mode): in string mode it measures its whole pending string on every write, which under load costs
 * more than the lines themselves.
 */
import { once } from 'node:events';
import pino from 'pino';

type SonicBoom = ReturnType<typeof pino.destination>;

interface Entry {
  readonly boom: SonicBoom;
  refs: number;
  readonly closeOnRelease: boolean;
  /** Lines not yet handed to sonic-boom; flushed at the end of the current event-loop turn. */
  pending: string;
  scheduled: boolean;
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
      entry = { boom, refs: 0, closeOnRelease: target.kind === 'file', pending: '', scheduled: false };
      open.set(key, entry);
    }
  }
  const held = entry;
  held.refs++;
  let released = false;
  return {
    write: (line) => {
      held.pending += line;
      if (held.scheduled) return;
      held.scheduled = true;
      setImmediate(handOver, held);
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
  entry.scheduled = false;
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
