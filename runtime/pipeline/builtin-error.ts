/** The plain-text error response used when a site has no handle_errors routes (or they did not answer). */
import { STATUS_CODES } from 'node:http';
import type { HttpError, ResponseWriter } from '../http/handler.ts';

export function sendBuiltinError(response: ResponseWriter, error: HttpError, requestId: string): void {
  response.send(error.status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, builtinErrorBody(error, requestId));
}

/** "502 Bad Gateway\nrequest id: …\n", with the error's message as a middle line when it says more than the reason. */
export function builtinErrorBody(error: HttpError, requestId: string): string {
  const reason = STATUS_CODES[error.status] ?? 'Error';
  const message = error.message !== '' && error.message !== reason ? `${error.message}\n` : '';
  return `${error.status} ${reason}\n${message}request id: ${requestId}\n`;
}
