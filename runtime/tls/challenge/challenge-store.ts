/**
 * Challenge answers in flight, shared by every listener of the process: HTTP-01 key authorizations by token
 * (served on any HTTP listener at /.well-known/acme-challenge/<token>, before routing) and TLS-ALPN-01
 * certificates by name (served in the handshake to clients that offer only `acme-tls/1`).
 *
 * Invariant: an answer exists only between the issuer's create and remove calls for its challenge.
 */
import type { SecureContext } from 'node:tls';

export const HTTP_CHALLENGE_PREFIX = '/.well-known/acme-challenge/';
export const ACME_TLS_ALPN = 'acme-tls/1';

export class ChallengeStore {
  private readonly http = new Map<string, string>();
  private readonly alpn = new Map<string, SecureContext>();

  setHttp(token: string, keyAuthorization: string): void {
    this.http.set(token, keyAuthorization);
  }

  clearHttp(token: string): void {
    this.http.delete(token);
  }

  /** The key authorization for a request path, or undefined when the path is not a pending challenge. */
  httpAnswer(path: string): string | undefined {
    if (this.http.size === 0 || !path.startsWith(HTTP_CHALLENGE_PREFIX)) return undefined;
    return this.http.get(path.slice(HTTP_CHALLENGE_PREFIX.length));
  }

  setAlpn(name: string, context: SecureContext): void {
    this.alpn.set(name.toLowerCase(), context);
  }

  clearAlpn(name: string): void {
    this.alpn.delete(name.toLowerCase());
  }

  alpnContext(name: string): SecureContext | undefined {
    return this.alpn.size === 0 ? undefined : this.alpn.get(name.toLowerCase());
  }

  get pendingAlpn(): boolean {
    return this.alpn.size > 0;
  }
}
