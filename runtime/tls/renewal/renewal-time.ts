/**
 * When to renew, and how long to wait after a failure.
 *
 * Invariant: pure functions of their inputs (and the random source): no clocks read here.
 */
import type { SuggestedWindow } from '../issuer/issuer.ts';

export interface Validity {
  readonly notBefore: number;
  readonly notAfter: number;
}

/**
 * The time to renew: a random moment in the CA's suggested window (RFC 9773 §4.2) when there is one, else when
 * `renewWhenLeft` of the lifetime is left.
 */
export function renewalTime(validity: Validity, renewWhenLeft: number, window: SuggestedWindow | null, random: () => number = Math.random): number {
  if (window !== null) return window.start + Math.floor((window.end - window.start) * random());
  const lifetime = validity.notAfter - validity.notBefore;
  return validity.notAfter - Math.floor(lifetime * renewWhenLeft);
}

/**
 * The wait before retry number `failures` (1, 2, …): exponential from a base of 1/200 of the lifetime (at most
 * one minute), doubling up to an hour, never more than a quarter of what is left, with ±50 % jitter so that
 * instances sharing a CA do not retry in step. Without a certificate (first issuance) the base is 5 s and the
 * cap 10 minutes.
 */
export function retryDelay(failures: number, validity: Validity | null, now: number, random: () => number = Math.random): number {
  const base = validity === null ? 5_000 : Math.min(60_000, Math.max(100, (validity.notAfter - validity.notBefore) / 200));
  const cap = validity === null ? 600_000 : Math.max(base, Math.min(3_600_000, (validity.notAfter - now) / 4));
  const exponential = Math.min(cap, base * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.max(50, Math.floor(exponential * (0.5 + random())));
}

/** setTimeout takes at most 2^31-1 ms; far-away times are re-evaluated daily. */
export function timerDelay(at: number, now: number): number {
  return Math.min(Math.max(0, at - now), 24 * 3600_000);
}
