/**
 * An issuer signs certificates for names: an ACME CA (acme-issuer.ts) or rws's local CA (internal-issuer.ts).
 *
 * Invariant: issue() either resolves with a key and a chain whose leaf covers the name, or rejects; it never
 * stores anything (the managed certificate does, under its lock).
 */
export interface IssuedCertificate {
  /** Leaf first, then the chain. */
  readonly certPem: string;
  readonly keyPem: string;
}

/** A renewal window suggested by the CA (ACME Renewal Information, RFC 9773). */
export interface SuggestedWindow {
  readonly start: number;
  readonly end: number;
  /** When to ask again (Retry-After), ms since the epoch. */
  readonly retryAfter: number;
}

export interface Issuer {
  /** Storage-safe identity: certificates are stored (and locked) per issuer key and name. */
  readonly key: string;
  issue(name: string, signal: AbortSignal): Promise<IssuedCertificate>;
  /** The CA's suggested renewal window for a certificate it issued; null when it offers none. */
  suggestedWindow(certPem: string, signal: AbortSignal): Promise<SuggestedWindow | null>;
}
