/**
 * Whether a failed try is tried again on another upstream (RetryPlan), and why not when it isn't.
 *
 * - A connect failure (nothing reached the upstream) is retried for any method, as long as the request body
 *   was never read (it can be sent again).
 * - A response-header timeout (with `on_timeout`), a connection broken before the response head, and a
 *   status listed in `statuses` mean the upstream may have acted on the request: retried only for
 *   idempotent methods (RFC 9110 §9.2.2), and only when the body, if any, was never read.
 * - Always within `tries` extra tries, `tryDurationMs` since the first try, and the pool's retry budget.
 *
 * Invariant: a request whose body was (even partly) sent is never retried; a retry is only granted while the
 * budget has room, and granting one spends it.
 */
import type { RetryPlan } from '../../plan/plan.ts';
import type { RetryBudget } from './retry-budget.ts';
import type { UpstreamFailure } from './upstream-error.ts';

/** Methods that may be sent twice (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** What went wrong with one try, as far as retrying is concerned. */
export type TryFailure =
  | { readonly kind: 'connect' }
  | { readonly kind: 'header-timeout' }
  | { readonly kind: 'broken' }
  | { readonly kind: 'status'; readonly status: number };

export interface RetryState {
  readonly method: string;
  /** Some of the request body was read from the client (and so can't be sent again). */
  readonly bodySent: boolean;
  /** Tries made so far, including the one that just failed. */
  readonly tries: number;
  /** Date.now() of the first try. */
  readonly startedAt: number;
  readonly now: number;
}

export type RetryVerdict = { readonly retry: true } | { readonly retry: false; readonly reason: string };

const YES: RetryVerdict = { retry: true };

export function retryVerdict(plan: RetryPlan, budget: RetryBudget | null, failure: TryFailure, state: RetryState): RetryVerdict {
  if (state.tries > plan.tries) return no(plan.tries === 0 ? 'retries are off' : `all ${plan.tries + 1} tries used`);
  if (state.bodySent) return no('the request body was already sent');
  const why = retryable(plan, failure, state.method);
  if (why !== null) return no(why);
  if (plan.tryDurationMs > 0 && state.now - state.startedAt + plan.intervalMs >= plan.tryDurationMs) {
    return no(`try_duration ${plan.tryDurationMs}ms is over`);
  }
  if (budget !== null && !budget.withdraw(state.now)) return no('the retry budget is spent');
  return YES;
}

/** Null when this kind of failure may be retried for this method, else why not. */
function retryable(plan: RetryPlan, failure: TryFailure, method: string): string | null {
  switch (failure.kind) {
    case 'connect':
      return null;
    case 'header-timeout':
      if (!plan.onTimeout) return 'timeouts are not retried (on_timeout is off)';
      return isIdempotent(method) ? null : `${method} is not idempotent`;
    case 'broken':
      return isIdempotent(method) ? null : `${method} is not idempotent`;
    case 'status':
      if (!plan.statuses.includes(failure.status)) return `status ${failure.status} is not retried`;
      return isIdempotent(method) ? null : `${method} is not idempotent`;
    default: {
      const unknown: never = failure;
      return `unknown failure ${JSON.stringify(unknown)}`;
    }
  }
}

/** Failures a retry may follow; the others (read or total timeouts) end the exchange. */
export function retryableFailure(failure: UpstreamFailure): TryFailure | null {
  switch (failure.kind) {
    case 'connect':
    case 'header-timeout':
    case 'broken':
      return { kind: failure.kind };
    case 'read-timeout':
    case 'total-timeout':
    case 'client-gone':
    case 'status':
      return null;
    default: {
      const unknown: never = failure;
      return unknown;
    }
  }
}

function no(reason: string): RetryVerdict {
  return { retry: false, reason };
}
