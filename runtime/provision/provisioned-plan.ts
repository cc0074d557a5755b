/**
 * A plan made ready to serve: matchers compiled, route lists built into handlers, certificates loaded,
 * access logs opened — all before any request sees it. Counts the requests running on it so that, once
 * retired, its resources are released only after they finish (or after the grace period).
 *
 * Invariant: provisioning either succeeds completely or releases what it opened and throws a
 * ProvisionError; the serving plan is never touched by a failed provision.
 */
import type { Handler } from '../http/handler.ts';
import { MisdirectedCheck } from '../listen/misdirected.ts';
import { TlsState } from '../listen/tls-state.ts';
import { ManagedTls } from '../tls/managed-tls.ts';
import { AccessLog } from '../log/access-log.ts';
import { assignMatchSlots } from '../matchers/match-slots.ts';
import { MatcherSet } from '../matchers/matcher-set.ts';
import type { SiteTally } from '../metrics/site-tally.ts';
import type { UpstreamPool } from '../handlers/proxy/pool.ts';
import type { ListenerPlan, Plan, SitePlan, UpstreamPoolPlan } from '../plan/plan.ts';
import { HostIndex } from '../routing/host-index.ts';
import { ProvisionError } from './provision-error.ts';
import { RouteBuilder } from './route-builder.ts';
import type { RuntimeServices } from './services.ts';

export interface ProvisionedSite {
  readonly plan: SitePlan;
  readonly routes: Handler;
  readonly errorRoutes: Handler | null;
  readonly accessLog: AccessLog | null;
  /** Where this site's request metrics go; null when no metrics endpoint is configured. */
  readonly tally: SiteTally | null;
  /** The plan's matcher → memo slot table and this site's memo size (match-slots.ts). */
  readonly matchSlots: { readonly slotOf: Int32Array; readonly count: number };
}

/** What a listener serves under one plan: swapped as a whole on reload. */
export interface ListenerState {
  readonly plan: ListenerPlan;
  /** plan.hosts, made ready for per-request lookups. */
  readonly hosts: HostIndex;
  readonly sites: readonly ProvisionedSite[];
  readonly tls: TlsState | null;
  /** The 421 check (misdirected.ts); null when the listener's sites share one TLS identity (or it is plain HTTP). */
  readonly misdirected: MisdirectedCheck | null;
  readonly owner: ProvisionedPlan;
}

export class ProvisionedPlan {
  readonly plan: Plan;
  readonly matchers: MatcherSet;
  readonly services: RuntimeServices;
  /** Whether per-request metrics are recorded (a metrics endpoint is configured). */
  readonly metricsOn: boolean;
  readonly listeners: ReadonlyMap<string, ListenerState>;
  private readonly closers: (() => Promise<void>)[];
  private inflight = 0;
  private idle: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  private constructor(plan: Plan, matchers: MatcherSet, services: RuntimeServices, closers: (() => Promise<void>)[], build: (owner: ProvisionedPlan) => Map<string, ListenerState>) {
    this.plan = plan;
    this.matchers = matchers;
    this.services = services;
    this.metricsOn = plan.global.metrics !== null;
    this.closers = closers;
    this.listeners = build(this);
  }

  static async provision(plan: Plan, services: RuntimeServices): Promise<ProvisionedPlan> {
    let matchers: MatcherSet;
    try {
      matchers = new MatcherSet(plan.matchers);
    } catch (err) {
      throw new ProvisionError(`cannot compile matchers: ${(err as Error).message}`, { cause: err });
    }
    const closers: (() => Promise<void>)[] = [];
    try {
      const pools = plan.pools.map((p) => acquirePool(p, services, closers));
      // Pools with DNS-discovered upstreams serve once their first lookup is answered (or failed).
      await Promise.all(pools.map((p) => p.ready));
      const builder = new RouteBuilder(plan, matchers, services.logger, closers, pools);
      const metrics = plan.global.metrics === null ? null : services.metrics;
      const slots = assignMatchSlots(plan);
      const prepared: Omit<ListenerState, 'owner'>[] = [];
      for (const listener of plan.listeners) {
        const tls = listener.tls === null ? null : await loadTls(listener, services, closers);
        const sites: ProvisionedSite[] = [];
        for (const site of listener.sites) {
          const matchSlots = { slotOf: slots.slotOf, count: slots.siteSlots.get(site) ?? plan.matchers.length };
          sites.push(await provisionSite(site, builder, closers, metrics?.site(site.name) ?? null, matchSlots));
        }
        const hosts = new HostIndex(listener.hosts);
        const identities = listener.tls?.sniIdentities ?? null;
        prepared.push({ plan: listener, hosts, tls, misdirected: identities === null ? null : new MisdirectedCheck(identities, hosts), sites });
      }
      return new ProvisionedPlan(plan, matchers, services, closers, (owner) => new Map(prepared.map((p) => [p.plan.key, { ...p, owner }])));
    } catch (err) {
      await closeAll(closers, services);
      throw err instanceof ProvisionError ? err : new ProvisionError((err as Error).message, { cause: err });
    }
  }

  /** A request starts running on this plan. */
  acquire(): void {
    this.inflight++;
  }

  release(): void {
    this.inflight--;
    if (this.inflight === 0 && this.idle !== null) this.idle();
  }

  /**
   * Releases handler resources (pools, files) once the requests running on this plan are done, or after
   * `graceMs` at the latest. Idempotent.
   */
  retire(graceMs: number): Promise<void> {
    this.closing ??= (async () => {
      if (this.inflight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            this.idle = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      await closeAll(this.closers, this.services);
    })();
    return this.closing;
  }
}

/** The live pool for `pool` from the server's registry; released (closed if last) when the plan is. */
function acquirePool(pool: UpstreamPoolPlan, services: RuntimeServices, closers: (() => Promise<void>)[]): UpstreamPool {
  let live: UpstreamPool;
  try {
    live = services.pools.acquire(pool);
  } catch (err) {
    throw new ProvisionError(`upstream pool ${pool.name} (${pool.origin}): ${(err as Error).message}`, { cause: err });
  }
  closers.push(() => services.pools.release(live));
  return live;
}

/** Reads the listener's certificate files and takes its managed certificates from the manager (released with the plan). */
async function loadTls(listener: ListenerPlan, services: RuntimeServices, closers: (() => Promise<void>)[]): Promise<TlsState> {
  const managed = ManagedTls.acquire(services.certificates, listener.tls!.certificates);
  if (managed !== null) closers.push(async () => managed.release());
  try {
    return await TlsState.load(listener.tls!, listener.hosts, managed);
  } catch (err) {
    throw new ProvisionError(`listener ${listener.key}: ${(err as Error).message}`, { cause: err });
  }
}

async function provisionSite(
  site: SitePlan,
  builder: RouteBuilder,
  closers: (() => Promise<void>)[],
  tally: SiteTally | null,
  matchSlots: ProvisionedSite['matchSlots'],
): Promise<ProvisionedSite> {
  const routes = builder.build(site.routes);
  const errorRoutes = site.errorRoutes === null ? null : builder.build(site.errorRoutes);
  let accessLog: AccessLog | null = null;
  if (site.accessLog !== null) {
    try {
      accessLog = await AccessLog.open(site.accessLog);
    } catch (err) {
      throw new ProvisionError(`site ${site.name} (${site.accessLog.origin}): ${(err as Error).message}`, { cause: err });
    }
    if (accessLog !== null) {
      const log = accessLog;
      closers.push(() => log.close());
    }
  }
  return { plan: site, routes, errorRoutes, accessLog, tally, matchSlots };
}

async function closeAll(closers: readonly (() => Promise<void>)[], services: RuntimeServices): Promise<void> {
  const results = await Promise.allSettled(closers.map((close) => close()));
  for (const r of results) {
    if (r.status === 'rejected') services.logger.warn({ err: r.reason }, 'closing a retired handler failed');
  }
}
