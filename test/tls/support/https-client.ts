/**
 * A real TLS client for managed certificates: connects to 127.0.0.1 with an SNI name, validates the chain
 * against a given root (Pebble's issuing root, or the local CA's), and makes one HTTPS request.
 */
import { connect } from 'node:tls';
import { Client } from 'undici';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** GET / for `name`, verifying the served chain against `ca`; rejects on any TLS or HTTP error. */
export async function getVerified(port: number, name: string, ca: string, path = '/'): Promise<Answer> {
  const client = new Client(`https://127.0.0.1:${port}`, { connect: { servername: name, ca, rejectUnauthorized: true } });
  try {
    const res = await client.request({ method: 'GET', path, headers: { host: name } });
    return { status: res.statusCode, body: await res.body.text() };
  } finally {
    await client.close();
  }
}

/** The certificate served for `name` (not verified): serial number and validity, or the handshake error. */
export function servedCertificate(port: number, name: string): Promise<{ serial: string; validTo: string; issuer: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: name, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
      const cert = socket.getPeerCertificate();
      socket.destroy();
      resolve({ serial: cert.serialNumber, validTo: cert.valid_to, issuer: String(cert.issuer?.CN ?? '') });
    });
    socket.on('error', (err) => resolve({ error: err.message }));
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
  });
}

/** Polls `probe` until it returns a value (not undefined), at most `tries` times, `everyMs` apart. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, tries = 150, everyMs = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}${last === undefined ? '' : `: ${(last as Error).message}`}`);
}
