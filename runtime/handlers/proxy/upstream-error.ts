/**
 * What went wrong talking to an upstream, from the error undici or the socket reported, and how a failed
 * exchange is answered (which status, which words).
 *
 * Invariant: only failures that happened before the request reached the upstream are `connect` (and so
 * may be retried for any method); a timeout answers 504, every other failure 502, a pool with no upstream in
 * rotation 503.
 */
import { HttpError } from '../../http/handler.ts';
import type { ProxyTimeoutsPlan } from '../../plan/plan.ts';
import type { Upstream } from './upstream.ts';

export type UpstreamFailure =
  /** Refused, unreachable, unresolvable, or the dial timed out: nothing reached the upstream. */
  | { readonly kind: 'connect'; readonly code: string; readonly message: string }
  /** Connected, but no response head within responseHeaderMs. */
  | { readonly kind: 'header-timeout'; readonly code: string; readonly message: string }
  /** The response body stopped for longer than readMs. */
  | { readonly kind: 'read-timeout'; readonly code: string; readonly message: string }
  /** The exchange's total_timeout passed. */
  | { readonly kind: 'total-timeout'; readonly code: string; readonly message: string }
  /** The client went away; nobody is left to answer. */
  | { readonly kind: 'client-gone'; readonly code: string; readonly message: string }
  /** Anything else: reset mid-request, a malformed response, TLS failure. */
  | { readonly kind: 'broken'; readonly code: string; readonly message: string }
  /** A response with a status the pool retries (it was discarded); `code` is the status. */
  | { readonly kind: 'status'; readonly code: string; readonly message: string };

/** The reason the exchange aborted its try when total_timeout passed. */
export class TotalTimeoutError extends Error {
  readonly code = 'RWS_TOTAL_TIMEOUT';
  constructor(ms: number) {
    super(`no complete response within total_timeout ${ms}ms`);
    this.name = 'TotalTimeoutError';
  }
}

/** Dropping a retried response's body was cut short (it was too long to be worth reading). */
export class DiscardedError extends Error {
  readonly code = 'RWS_DISCARDED';
  constructor() {
    super('retried response dropped');
    this.name = 'DiscardedError';
  }
}

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
  if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'read-timeout', code, message };
  if (err instanceof TotalTimeoutError) return { kind: 'total-timeout', code, message };
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

/** One failed try, for the answer and the log. */
export interface FailedTry {
  readonly origin: string;
  readonly failure: UpstreamFailure;
}

/** What happened on one try, in words: "http://a:1 refused the connection (ECONNREFUSED)". */
export function describeFailure({ origin, failure }: FailedTry, timeouts: ProxyTimeoutsPlan): string {
  switch (failure.kind) {
    case 'connect':
      if (failure.code === 'UND_ERR_CONNECT_TIMEOUT') return `${origin}: no connection within ${timeouts.dialMs}ms (dial_timeout)`;
      if (failure.code === 'ECONNREFUSED') return `${origin} refused the connection (ECONNREFUSED)`;
      return `${origin}: cannot connect (${failure.code})`;
    case 'header-timeout':
      return `${origin} sent no response head within ${timeouts.responseHeaderMs}ms (response_header_timeout)`;
    case 'read-timeout':
      return `${origin} sent nothing for ${timeouts.readMs}ms in the middle of the body (read_timeout)`;
    case 'total-timeout':
      return `${origin}: no complete response within ${timeouts.totalMs}ms (total_timeout)`;
    case 'client-gone':
      return `${origin}: the client went away`;
    case 'broken':
      return `${origin} broke the exchange (${failure.code}: ${failure.message})`;
    case 'status':
      return `${origin} answered ${failure.code}`;
    default: {
      const unknown: never = failure;
      return `${origin}: ${JSON.stringify(unknown)}`;
    }
  }
}

/** The answer once no try is left: 504 when the last try timed out, else 502; the body says what happened. */
export function exhaustedError(tries: readonly FailedTry[], timeouts: ProxyTimeoutsPlan): HttpError {
  const last = tries[tries.length - 1];
  const timedOut = last !== undefined && isTimeout(last.failure);
  const what = tries.map((t) => describeFailure(t, timeouts)).join('; ');
  const message = tries.length > 1 ? `no upstream answered after ${tries.length} tries: ${what}` : `upstream ${what}`;
  return new HttpError(timedOut ? 504 : 502, message, message);
}

function isTimeout(failure: UpstreamFailure): boolean {
  return (
    failure.kind === 'header-timeout' ||
    failure.kind === 'read-timeout' ||
    failure.kind === 'total-timeout' ||
    (failure.kind === 'connect' && failure.code === 'UND_ERR_CONNECT_TIMEOUT')
  );
}

/** Every upstream of the pool is out of rotation: 503, saying which and why. */
export function noHealthyUpstream(pool: string, upstreams: readonly Upstream[], now: number = Date.now()): HttpError {
  const states = upstreams.map((u) => {
    const state = u.health.state(now);
    if (state === 'unhealthy') return `${u.origin} unhealthy (${u.health.lastProbeFailure ?? 'failed health checks'})`;
    if (state === 'ejected') return `${u.origin} ejected for ${Math.ceil((u.health.ejectedUntil - now) / 1000)}s more`;
    return `${u.origin} ${state}`;
  });
  const message = `no healthy upstream in pool ${pool}: ${states.join('; ')}`;
  return new HttpError(503, message, message);
}
