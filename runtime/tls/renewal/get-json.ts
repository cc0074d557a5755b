/**
 * GET a JSON document over http(s), trusting the extra ACME roots (acme_ca_root) besides the system ones.
 *
 * Invariant: rejects on a non-2xx status, a body over 1 MiB or invalid JSON.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { acmeFetchCa } from '../issuer/acme-http.ts';

export interface JsonAnswer {
  readonly body: unknown;
  /** From Retry-After (seconds or an HTTP date), or null. */
  readonly retryAfterMs: number | null;
}

export function getJson(url: string, signal: AbortSignal): Promise<JsonAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'GET', signal, ca: acmeFetchCa(), headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 1 << 20) req.destroy(new Error(`${url}: answer too large`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) return reject(new Error(`${url} answered ${status}`));
        try {
          resolve({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), retryAfterMs: retryAfter(res.headers['retry-after']) });
        } catch (err) {
          reject(new Error(`${url}: invalid JSON (${(err as Error).message})`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function retryAfter(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}
