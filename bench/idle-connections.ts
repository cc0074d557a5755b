/**
 * Holding many idle keep-alive connections open against a server: each connection sends one GET, reads the
 * complete answer, and then stays open doing nothing. Used by the memory scenario to measure what a
 * connection costs a server while idle.
 */
import { connect, type Socket } from 'node:net';

/** Connections opened at once (under the listen backlogs of every contestant). */
const BATCH = 200;
const PER_CONNECTION_TIMEOUT_MS = 10_000;

export interface IdleConnections {
  /** How many are still open now. */
  open(): number;
  close(): Promise<void>;
}

/** Opens `count` connections to 127.0.0.1:`port`, each after a complete `GET /` answered with `bodyLength` bytes. */
export async function openIdleConnections(port: number, count: number, bodyLength: number): Promise<IdleConnections> {
  const sockets: Socket[] = [];
  let failed = 0;
  let lastError = '';
  for (let done = 0; done < count; done += BATCH) {
    const batch = Math.min(BATCH, count - done);
    await Promise.all(
      Array.from({ length: batch }, () =>
        oneRequest(port, bodyLength).then(
          (s) => void sockets.push(s),
          (err: Error) => {
            failed++;
            lastError = err.message;
          },
        ),
      ),
    );
    if (failed > count / 100) {
      for (const s of sockets) s.destroy();
      throw new Error(`${failed} of ${done + batch} connections failed (last: ${lastError}); is ulimit -n high enough?`);
    }
  }
  return {
    open: () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length,
    close: async () => {
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve()).destroy()))));
    },
  };
}

function oneRequest(port: number, bodyLength: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    let received = '';
    const timer = setTimeout(() => fail(new Error('no complete answer within 10 s')), PER_CONNECTION_TIMEOUT_MS);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.setEncoding('latin1');
    socket.once('error', fail);
    socket.once('connect', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: rws-bench\r\n\r\n'));
    const onData = (chunk: string): void => {
      received += chunk;
      const end = received.indexOf('\r\n\r\n');
      if (end === -1 || received.length < end + 4 + bodyLength) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      if (!received.startsWith('HTTP/1.1 200')) {
        socket.destroy();
        reject(new Error(`answered ${received.slice(0, 40)}`));
        return;
      }
      // Idle from here on; a later error (the server closing it) just ends it.
      socket.on('error', () => {});
      resolve(socket);
    };
    socket.on('data', onData);
  });
}
