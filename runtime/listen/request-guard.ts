/**
 * Request smuggling defences for HTTP/1.x requests, on top of what Node's parser (llhttp, strict mode)
 * already rejects with a 'clientError': Content-Length together with Transfer-Encoding, duplicate or
 * malformed Content-Length, `chunked` not last, obs-fold, bare CR/LF, control bytes and DEL in header values,
 * invalid header names, invalid chunk sizes. What Node accepts and this file refuses, because a front end and
 * a back end could read it differently:
 *   - a Transfer-Encoding on an HTTP/1.0 request (RFC 9112 §6.1: the framing is faulty) → 400;
 *   - a transfer coding other than plain `chunked` (e.g. `gzip, chunked`), which rws does not decode → 501;
 *   - more than one Host line, or a Host value with bytes no host name or port can hold → 400 (RFC 9112 §3.2);
 *   - a request line claiming HTTP/0.9 or a version other than 1.0 / 1.1 → 505.
 * A refused request is never routed, so it never reaches a handler or an upstream; the connection closes
 * after the answer.
 *
 * Invariant: per request, only a version check, two header lookups and one pass over the raw header names;
 * nothing is allocated for a request that passes.
 */
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  readonly status: 400 | 501 | 505;
  readonly reason: string;
}

export function refuseRequest(req: IncomingMessage): Refusal | null {
  if (req.httpVersionMajor !== 1 || (req.httpVersionMinor !== 0 && req.httpVersionMinor !== 1)) {
    return { status: 505, reason: `HTTP version ${req.httpVersion} is not supported` };
  }
  const headers = req.headers;
  const te = headers['transfer-encoding'];
  if (te !== undefined) {
    if (req.httpVersionMinor === 0) return { status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 request' };
    if (te.trim().toLowerCase() !== 'chunked') return { status: 501, reason: `transfer coding ${JSON.stringify(te)} is not supported` };
  }
  const host = headers.host;
  if (host !== undefined && !validHost(host)) return { status: 400, reason: 'invalid Host header' };
  if (hostLines(req.rawHeaders) > 1) return { status: 400, reason: 'more than one Host header' };
  return null;
}

function hostLines(raw: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    // "host" in any case, without allocating a lower-cased copy.
    if (
      name.length === 4 &&
      (name.charCodeAt(0) | 0x20) === 0x68 &&
      (name.charCodeAt(1) | 0x20) === 0x6f &&
      (name.charCodeAt(2) | 0x20) === 0x73 &&
      (name.charCodeAt(3) | 0x20) === 0x74
    ) {
      n++;
    }
  }
  return n;
}

/**
 * Bytes allowed in a Host value: a reg-name (unreserved, sub-delims, pct-encoded), an IP literal in brackets,
 * and a port after ":" (the same set as Go's net/http). Everything else — spaces, "@", "/", "\", "?", "#",
 * quotes, controls, non-ASCII — is refused.
 */
const HOST_BYTE = (() => {
  const table = new Uint8Array(128);
  const allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$%&'()*+,-.:;=[]_~";
  for (let i = 0; i < allowed.length; i++) table[allowed.charCodeAt(i)] = 1;
  return table;
})();

/** The last Host found valid: most requests repeat it. */
let lastValidHost = '';

function validHost(host: string): boolean {
  if (host === lastValidHost) return true;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c >= 128 || HOST_BYTE[c] === 0) return false;
  }
  lastValidHost = host;
  return true;
}
