/**
 * What went wrong talking to an upstream, from the error undici or the socket reported.
 *
 * Invariant: only failures that happened before the request reached the upstream are `connect` (and so
 * may be retried elsewhere); everything else is final for this request.
 */

export type UpstreamFailure =
  /** Refused, unreachable, unresolvable, or the dial timed out: nothing reached the upstream. */
  | { readonly kind: 'connect'; readonly code: string; readonly message: string }
  /** Connected, but no response head within responseHeaderTimeoutMs. */
  | { readonly kind: 'header-timeout'; readonly code: string; readonly message: string }
  /** The client went away; nobody is left to answer. */
  | { readonly kind: 'client-gone'; readonly code: string; readonly message: string }
  /** Anything else: reset mid-request, a malformed response, TLS failure. */
  | { readonly kind: 'broken'; readonly code: string; readonly message: string };

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function classifyUpstreamError(err: unknown, clientGone: boolean): UpstreamFailure {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (clientGone) return { kind: 'client-gone', code, message };
  if (CONNECT_CODES.has(code)) return { kind: 'connect', code, message };
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { kind: 'header-timeout', code, message };
  return { kind: 'broken', code, message };
}

/**
 * The most telling code: the error's own, else its cause's, else the first of an AggregateError (a dial to a
 * name with several addresses fails with one per address).
 */
export function errorCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== '') return code;
    if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
    else e = e.cause;
  }
  return err instanceof Error ? err.name : 'UNKNOWN';
}
