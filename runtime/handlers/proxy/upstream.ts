/**
 * One upstream of a pool: its dispatcher (connections) and the live state balancing, health and metrics read.
 * Lives as long as its pool, which may outlive a reload (pool-registry.ts).
 *
 * Invariant: the dispatcher is created once, when the pool is provisioned, and closed by close(); `inFlight`
 * counts requests from dispatch until their response body is finished (or they fail).
 */
import net from 'node:net';
import type { Dispatcher } from 'undici';
import type { UpstreamPlan, UpstreamPoolPlan } from '../../plan/plan.ts';
import { UpstreamHealth } from './health/upstream-health.ts';
import { fnv1a } from './policies/rendezvous.ts';
import { createDispatcher } from './transport.ts';
import { UpstreamTally } from './upstream-metrics.ts';

/** How long an upstream that refused a connection is passed over by the balancer. */
export const REFUSED_COOLDOWN_MS = 1000;

export class Upstream {
  /** Position in the pool's upstream list (balancers keep per-upstream state by it). */
  readonly index: number;
  /** The plan's URL, e.g. "http://127.0.0.1:3000" (also the `upstream` metrics label). */
  readonly url: string;
  /** Hash of `url`, for consistent hashing (policies/rendezvous.ts). */
  readonly urlHash: number;
  /** Origin, e.g. "http://127.0.0.1:3000", for logs and errors. */
  readonly origin: string;
  readonly weight: number;
  /** Host name sent as TLS SNI; null for http upstreams and IP literals. */
  readonly serverName: string | null;
  /** host:port as in a Host header, used when the client sent none. */
  readonly hostPort: string;
  readonly dispatcher: Dispatcher;
  /** Requests dispatched and not yet finished. */
  inFlight = 0;
  /** Requests, failures and latency for metrics and `rws upstreams` (upstream-metrics.ts). */
  readonly tally: UpstreamTally;
  /** Active health verdict and outlier ejection (proxy/health/), kept with the pool across reloads. */
  readonly health = new UpstreamHealth();
  #refusedAt = Number.NEGATIVE_INFINITY;
  #closing: Promise<void> | null = null;

  /** `tally`: the Server's tally for this pool and URL (a fresh one by default). */
  constructor(index: number, plan: UpstreamPlan, pool: UpstreamPoolPlan, tally: UpstreamTally = new UpstreamTally(pool.name, plan.url)) {
    this.tally = tally;
    const url = new URL(plan.url);
    this.index = index;
    this.url = plan.url;
    this.urlHash = fnv1a(plan.url, 0x9747b28c);
    this.origin = url.origin;
    this.weight = plan.weight > 0 ? plan.weight : 1;
    this.hostPort = url.host;
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    // `tls_server_name` wins over the host name (exchange.ts sends it with each request: undici reconnects on a change).
    const named = pool.transport.tls?.serverName ?? null;
    this.serverName = url.protocol !== 'https:' ? null : (named ?? (net.isIP(hostname) === 0 ? hostname : null));
    this.dispatcher = createDispatcher(this, pool);
  }

  /**
   * Whether the balancer may pick it while others remain: not cooling down after a refused connection, and
   * in rotation (health checks pass, not ejected: `health.available`, which alone decides when none is).
   */
  available(now: number): boolean {
    return !this.coolingDown(now) && this.health.available(now);
  }

  /** It refused a connection less than REFUSED_COOLDOWN_MS ago. */
  coolingDown(now: number): boolean {
    return now - this.#refusedAt < REFUSED_COOLDOWN_MS;
  }

  markRefused(now: number): void {
    this.#refusedAt = now;
  }

  /** Lets requests in flight finish, then closes every connection. Idempotent. */
  close(): Promise<void> {
    return (this.#closing ??= this.dispatcher.close());
  }
}
