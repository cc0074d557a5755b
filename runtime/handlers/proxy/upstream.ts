/**
 * One upstream of a reverse_proxy handler: its connection pool and the little state balancing needs.
 *
 * Invariant: the pool is created once at provision time and closed by the handler's close(); `inFlight`
 * counts requests from dispatch until their response body is finished.
 */
import net from 'node:net';
import { Pool } from 'undici';
import type { ReverseProxyHandler, UpstreamPlan } from '../../plan/plan.ts';

/** How long an upstream that refused a connection is passed over by the balancer. */
export const REFUSED_COOLDOWN_MS = 1000;

export class Upstream {
  /** Position in the handler's upstream list (balancers keep per-upstream state by it). */
  readonly index: number;
  /** Origin, e.g. "http://127.0.0.1:3000", for logs and errors. */
  readonly origin: string;
  readonly weight: number;
  /** Host name sent as TLS SNI; null for http upstreams and IP literals. */
  readonly serverName: string | null;
  /** host:port as in a Host header, used when the client sent none. */
  readonly hostPort: string;
  readonly pool: Pool;
  inFlight = 0;
  #refusedAt = Number.NEGATIVE_INFINITY;
  #closing: Promise<void> | null = null;

  constructor(index: number, plan: UpstreamPlan, handler: ReverseProxyHandler) {
    const url = new URL(plan.url);
    this.index = index;
    this.origin = url.origin;
    this.weight = plan.weight > 0 ? plan.weight : 1;
    this.hostPort = url.host;
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.serverName = url.protocol === 'https:' && net.isIP(hostname) === 0 ? hostname : null;
    const keepAlive = handler.keepAliveTimeoutMs > 0;
    this.pool = new Pool(url.origin, {
      connections: handler.maxConnsPerUpstream,
      // 0 disables keep-alive in undici: one request per connection.
      pipelining: keepAlive ? 1 : 0,
      ...(keepAlive ? { keepAliveTimeout: handler.keepAliveTimeoutMs, keepAliveMaxTimeout: handler.keepAliveTimeoutMs } : {}),
      headersTimeout: handler.responseHeaderTimeoutMs,
      bodyTimeout: handler.readTimeoutMs,
      allowH2: false,
      connect: {
        timeout: handler.dialTimeoutMs,
        ...(this.serverName !== null ? { servername: this.serverName } : {}),
      },
    });
  }

  /** Passed over by the balancer: it refused a connection less than REFUSED_COOLDOWN_MS ago. */
  coolingDown(now: number): boolean {
    return now - this.#refusedAt < REFUSED_COOLDOWN_MS;
  }

  markRefused(now: number): void {
    this.#refusedAt = now;
  }

  /** Lets requests in flight finish, then closes every connection. Idempotent. */
  close(): Promise<void> {
    return (this.#closing ??= this.pool.close());
  }
}
