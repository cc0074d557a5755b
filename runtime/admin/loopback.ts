/**
 * DNS-rebinding defence for the admin endpoint: a browser tricked into talking to 127.0.0.1 still sends the
 * attacker's Host name, and always sends Origin on cross-site POSTs.
 */
import { isIP } from 'node:net';
import { normalizeHost } from '../http/host.ts';

/** True for localhost names and loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackHost(hostHeader: string): boolean {
  const host = normalizeHost(hostHeader);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
