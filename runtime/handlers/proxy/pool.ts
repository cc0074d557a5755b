/**
 * A live upstream pool: the upstreams of one UpstreamPoolPlan with their connections, and the balancer that
 * picks among them. Provisioned by the PoolRegistry and shared by every handler (of every plan) whose plan
 * has an identical pool.
 *
 * Invariant: built once per distinct pool plan; an Upstream keeps its index for its lifetime (a DNS change
 * replaces the whole list and balancer, never edits them); close() lets requests in flight finish and is
 * idempotent.
 */
import type { Logger } from 'pino';
import type { UpstreamPlan, UpstreamPoolPlan } from '../../plan/plan.ts';
import { type Balancer, createBalancer } from './balancer.ts';
import { DnsWatcher } from './dns.ts';
import { StickySessions } from './sticky.ts';
import { PoolResilience } from './resilience.ts';
import { createDispatcher } from './transport.ts';
import { Upstream } from './upstream.ts';
import { UpstreamTallies } from './upstream-metrics.ts';

export class UpstreamPool {
  readonly name: string;
  readonly plan: UpstreamPoolPlan;
  /** Replaced as a whole (never edited) when DNS-discovered upstreams change (dns.ts). */
  upstreams: readonly Upstream[];
  /** The upstream for the next try of a request (null when every upstream was tried). Replaced with `upstreams`. */
  pick: Balancer;
  /** Settles once the pool has its first set of upstreams (at once, unless some come from DNS). */
  readonly ready: Promise<void>;
  /** Sticky sessions by signed cookie; null when off. The balancer honours a valid pin on a first try. */
  readonly sticky: StickySessions | null;
  /** Circuit breaker, outlier detector, retry budget and health checks (each null when off). */
  readonly resilience: PoolResilience;
  readonly #dns: DnsWatcher | null;
  #closing: Promise<void> | null = null;

  readonly #tallies: UpstreamTallies;

  /** `tallies`: where the upstreams' figures are kept (the Server's, so they outlive this pool). */
  constructor(plan: UpstreamPoolPlan, logger: Logger | null = null, tallies: UpstreamTallies = new UpstreamTallies()) {
    this.name = plan.name;
    this.plan = plan;
    this.#tallies = tallies;
    const upstreams = buildUpstreams(plan.upstreams, plan, tallies);
    this.upstreams = upstreams;
    this.sticky = plan.sticky === null ? null : new StickySessions(plan.sticky);
    this.pick = this.#balancer(upstreams);
    this.resilience = new PoolResilience(plan, upstreams, {
      logger,
      open: (upstream, origin) => createDispatcher({ origin, serverName: upstream.serverName }, plan),
    });
    this.resilience.start();
    this.#dns = plan.dynamic === null ? null : new DnsWatcher(plan.dynamic, (found) => this.#replace(found, logger), logger);
    this.ready = this.#dns?.ready ?? Promise.resolve();
  }

  #balancer(upstreams: readonly Upstream[]): Balancer {
    const balance = createBalancer(this.plan.lb, upstreams);
    return this.sticky === null ? balance : stickyBalancer(balance, this.sticky, upstreams);
  }

  close(): Promise<void> {
    this.#dns?.stop();
    this.#closing ??= Promise.all([this.resilience.close(), ...this.upstreams.map((u) => u.close())]).then(() => undefined);
    return this.#closing;
  }

  /**
   * DNS answered differently: the static upstreams plus the found ones, as fresh Upstreams (so indices stay
   * dense for the balancer's state); the old ones finish their requests in flight, then close.
   */
  #replace(found: readonly UpstreamPlan[], logger: Logger | null): void {
    if (this.#closing !== null) return;
    let next: Upstream[];
    try {
      next = buildUpstreams([...this.plan.upstreams, ...found], this.plan, this.#tallies);
    } catch (err) {
      logger?.error({ pool: this.name, err: (err as Error).message }, 'cannot use the upstreams found in DNS');
      return;
    }
    const old = this.upstreams;
    this.upstreams = next;
    this.pick = this.#balancer(next);
    this.resilience.replaceUpstreams(old, next);
    logger?.info({ pool: this.name, upstreams: next.map((u) => u.url) }, 'upstreams changed (DNS)');
    for (const u of old) void u.close();
  }
}

/** The plan's policy over `upstreams`; with sticky sessions, a first try goes to the pinned upstream while it is available. */
function stickyBalancer(balance: Balancer, sticky: StickySessions, upstreams: readonly Upstream[]): Balancer {
  return (ctx, tried) => (tried.length === 0 ? sticky.pinned(ctx, upstreams, Date.now()) : null) ?? balance(ctx, tried);
}

function buildUpstreams(plans: readonly UpstreamPlan[], pool: UpstreamPoolPlan, tallies: UpstreamTallies): Upstream[] {
  const upstreams: Upstream[] = [];
  try {
    for (const u of plans) upstreams.push(new Upstream(upstreams.length, u, pool, tallies.tally(pool.name, u.url)));
  } catch (err) {
    for (const u of upstreams) void u.close();
    throw err;
  }
  return upstreams;
}
