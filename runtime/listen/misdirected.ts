/**
 * The misdirected-request check (RFC 9110 §15.5.20, 421): a request whose Host names a site with another TLS
 * identity (certificate or handshake policy) than the site its connection's SNI named. Browsers reuse an HTTP/2
 * connection for every name its certificate covers; without this check a request could reach a site whose
 * client-certificate or protocol requirements the connection never met.
 *
 * Invariant: only built for listeners with more than one identity; no SNI (clients connecting by IP address) is
 * never misdirected; a site with `allow_sni_mismatch` (identity -1) takes requests from any connection.
 */
import type { NodeRequest } from '../http/handler.ts';
import { serverNameOf } from '../http/tls-socket.ts';
import type { HostIndex } from '../routing/host-index.ts';

export class MisdirectedCheck {
  private readonly identities: readonly number[];
  private readonly hosts: HostIndex;

  constructor(identities: readonly number[], hosts: HostIndex) {
    this.identities = identities;
    this.hosts = hosts;
  }

  /** True when `req`, resolved by its Host to site `site`, must be answered 421. */
  misdirected(req: NodeRequest, site: number): boolean {
    const identity = this.identities[site];
    if (identity === -1) return false;
    const name = serverNameOf(req);
    if (name === null) return false;
    const sniSite = this.hosts.lookup(name);
    if (sniSite === site) return false;
    // A name no site serves got the default certificate: it vouches for no site in particular.
    return sniSite === -1 || this.identities[sniSite] !== identity;
  }
}
