/** Binding a Node server to a BindAddress (TCP or unix socket) and reading back what it bound. */
import { lstat, unlink } from 'node:fs/promises';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { BindAddress } from '../plan/plan.ts';

export type BoundAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** Listens; rejects with the listen error (EADDRINUSE, EACCES…). A stale unix socket file is removed first. */
export async function listenOn(server: NetServer, address: BindAddress): Promise<void> {
  if (address.kind === 'unix') await removeStaleSocket(address.path);
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (address.kind === 'unix') server.listen(address.path);
    else server.listen(address.port, address.host === '' ? undefined : address.host);
  });
}

export function boundAddress(server: NetServer): BoundAddress {
  const a = server.address();
  if (a === null) throw new Error('server is not listening');
  if (typeof a === 'string') return { path: a };
  const info = a as AddressInfo;
  return { host: info.address, port: info.port };
}

/** Closes a server that serves short requests only (admin, metrics): stops accepting, ends idle sockets. */
export function closeServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

async function removeStaleSocket(path: string): Promise<void> {
  try {
    const info = await lstat(path);
    if (info.isSocket()) await unlink(path);
  } catch {
    // Nothing there: fine.
  }
}

export function sameBind(a: BindAddress | null, b: BindAddress | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'unix' || b.kind === 'unix') return a.kind === b.kind && (a as { path: string }).path === (b as { path: string }).path;
  return a.host === b.host && a.port === b.port;
}
