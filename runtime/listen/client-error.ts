/**
 * Malformed or too-slow HTTP/1.1 requests (Node's 'clientError'): answer a clean 400 / 408 / 431 with
 * `Connection: close` when the socket can still take a response, otherwise destroy it. Never throws.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function statusForClientError(code: string | undefined): number | null {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'ECONNRESET':
    case 'EPIPE':
      return null;
    default:
      return 400;
  }
}

/** Returns the status written, or null when the socket was just destroyed. */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): number | null {
  try {
    const status = statusForClientError(err.code);
    // A response already started on this connection cannot be followed by another one.
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (status === null || !socket.writable || inProgress?.headersSent === true) {
      socket.destroy();
      return null;
    }
    const body = `${status} ${STATUS_CODES[status] ?? ''}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    return status;
  } catch {
    socket.destroy();
    return null;
  }
}
