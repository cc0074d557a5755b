/**
 * The runtime's entry point: serves a plan, swaps in new plans (reload), drains and stops.
 *
 * Invariant: a new plan is provisioned completely — and its new sockets bound — before anything serving is
 * touched; if any of that fails the old plan keeps serving and apply() rejects. Listeners whose key is
 * unchanged keep their sockets and connections across reloads; requests in flight finish on the plan they
 * started with; a retired plan's handlers are closed once its requests are done.
 */
import type { Logger } from 'pino';
import type { AdminControl, AdminHooks } from './admin/admin-hooks.ts';
import { AdminServer } from './admin/admin-server.ts';
import { type BoundAddress, sameBind } from './listen/bind.ts';
import { Listener } from './listen/listener.ts';
import { createProcessLogger } from './log/process-logger.ts';
import { Metrics } from './metrics/metrics.ts';
import { MetricsServer } from './metrics/metrics-server.ts';
import type { Plan } from './plan/plan.ts';
import { PoolRegistry } from './handlers/proxy/pool-registry.ts';
import { registerUpstreamMetrics, upstreamReport, type UpstreamReport } from './handlers/proxy/upstream-metrics.ts';
import { CertificateManager } from './tls/certificate-manager.ts';
import { type ListenerState, ProvisionedPlan } from './provision/provisioned-plan.ts';
import type { RuntimeServices } from './provision/services.ts';

export type { AdminCompileInput, AdminCompileResult, AdminHooks } from './admin/admin-hooks.ts';

export interface ServerOptions {
  /** rws's process log; default: pino JSON on stderr at the plan's level. */
  readonly logger?: Logger;
  /** Enables POST /load on the admin endpoint. */
  readonly admin?: AdminHooks;
  /**
   * `own` (default): this server binds the plan's admin and metrics endpoints. `elsewhere`: another process
   * serves them (a cluster worker: the primary does), so they are never bound here; requests are still counted.
   */
  readonly endpoints?: 'own' | 'elsewhere';
}

export interface ListenerAddress {
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
}

export interface ServerAddresses {
  readonly listeners: readonly ListenerAddress[];
  readonly admin: BoundAddress | null;
  readonly metrics: BoundAddress | null;
}

/** Sockets bound for a plan about to be swapped in. */
interface Bound {
  readonly listeners: Listener[];
  admin: AdminServer | null;
  metrics: MetricsServer | null;
  readonly adminMoved: boolean;
  readonly metricsMoved: boolean;
}

export class Server {
  /** Resolves once the server has stopped (shutdown finished, whoever started it). */
  readonly closed: Promise<void>;
  private current: ProvisionedPlan;
  private readonly services: RuntimeServices;
  private readonly hooks: AdminHooks | null;
  private readonly listeners = new Map<string, Listener>();
  private admin: AdminServer | null = null;
  private metricsServer: MetricsServer | null = null;
  /** Listeners, admin/metrics servers and plans being retired in the background. */
  private readonly background = new Set<Promise<void>>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | null = null;
  private markClosed: () => void = () => {};
  /** False in a cluster worker: the admin and metrics endpoints live in the primary. */
  private ownEndpoints = true;

  private constructor(current: ProvisionedPlan, services: RuntimeServices, hooks: AdminHooks | null) {
    this.current = current;
    this.services = services;
    this.hooks = hooks;
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** Provisions the plan and binds every listener, the admin and the metrics endpoints. */
  static async start(plan: Plan, options: ServerOptions = {}): Promise<Server> {
    const logger = options.logger ?? createProcessLogger(plan.global.logLevel);
    const registry = new Metrics();
    const services: RuntimeServices = { logger, metrics: registry, pools: new PoolRegistry(logger), certificates: new CertificateManager(logger, registry) };
    registerUpstreamMetrics(registry.registry, services.pools.tallies, () => services.pools.pools());
    const provisioned = await ProvisionedPlan.provision(plan, services).catch(async (err: unknown) => {
      await services.certificates.close();
      throw err;
    });
    const server = new Server(provisioned, services, options.admin ?? null);
    server.ownEndpoints = options.endpoints !== 'elsewhere';
    try {
      for (const state of provisioned.listeners.values()) server.listeners.set(state.plan.key, await Listener.open(state, services));
      const metrics = plan.global.metrics;
      if (metrics !== null && server.ownEndpoints) server.metricsServer = await MetricsServer.start(metrics.address, metrics.path, services.metrics, logger);
      if (plan.global.admin !== null && server.ownEndpoints) server.admin = await AdminServer.start(plan.global.admin.address, server.adminControl(), logger);
    } catch (err) {
      await server.closeEverything(0);
      throw err;
    }
    logger.info({ hash: plan.hash, changed: true }, 'config applied');
    return server;
  }

  /** This server's metrics (a cluster worker hands their registry to the primary, which sums the workers'). */
  get metrics(): Metrics {
    return this.services.metrics;
  }

  /** The plan being served. */
  get plan(): Plan {
    return this.current.plan;
  }

  /**
   * Reload: same hash → nothing to do. Otherwise provision the new plan and bind its new sockets, then swap.
   * Rejects (and changes nothing) when provisioning or binding fails. Calls are serialised.
   */
  apply(plan: Plan): Promise<{ changed: boolean }> {
    const run = this.queue.then(() => this.applyNow(plan));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stops accepting, closes idle connections, lets requests in flight finish for up to `graceMs` (default:
   * the plan's grace period), destroys what remains, closes handlers. Resolves when everything is closed.
   */
  shutdown(graceMs: number = this.current.plan.global.gracePeriodMs): Promise<void> {
    this.stopping ??= (async () => {
      this.services.logger.info({ graceMs }, 'shutting down');
      await this.closeEverything(graceMs);
      this.services.logger.info('stopped');
      this.markClosed();
    })();
    return this.stopping;
  }

  /** What every socket actually bound (tests bind port 0). */
  addresses(): ServerAddresses {
    const listeners: ListenerAddress[] = [];
    for (const listener of this.listeners.values()) {
      const at = listener.address();
      listeners.push({ key: listener.key, host: at.host, port: at.port, tls: listener.state.tls !== null });
    }
    return { listeners, admin: this.admin?.address() ?? null, metrics: this.metricsServer?.address() ?? null };
  }

  private async applyNow(plan: Plan): Promise<{ changed: boolean }> {
    if (this.stopping !== null) throw new Error('the server is shutting down');
    const logger = this.services.logger;
    if (plan.hash === this.current.plan.hash) {
      logger.info({ hash: plan.hash, changed: false }, 'config applied');
      return { changed: false };
    }
    const next = await ProvisionedPlan.provision(plan, this.services);
    const bound = await this.bindNew(next);
    this.swap(next, bound);
    logger.info({ hash: plan.hash, changed: true }, 'config applied');
    return { changed: true };
  }

  /**
   * Binds every socket the next plan adds (listeners with new keys, moved admin and metrics endpoints).
   * All or nothing: on failure what was bound is closed, the next plan is released, and the error rethrown.
   */
  private async bindNew(next: ProvisionedPlan): Promise<Bound> {
    const logger = this.services.logger;
    const plan = next.plan;
    const current = this.current.plan.global;
    const bound: Bound = {
      listeners: [],
      admin: null,
      metrics: null,
      adminMoved: this.ownEndpoints && !sameBind(current.admin?.address ?? null, plan.global.admin?.address ?? null),
      metricsMoved: this.ownEndpoints && !sameBind(current.metrics?.address ?? null, plan.global.metrics?.address ?? null),
    };
    // A new listener on the port of a listener that goes away (e.g. its bind address changed) can only bind
    // once the old one stops accepting: that handover happens last, and is undone if the bind fails.
    const leaving = [...this.listeners.values()].filter((l) => !next.listeners.has(l.key));
    const samePort = (state: ListenerState) => leaving.filter((l) => state.plan.bind.port !== 0 && l.state.plan.bind.port === state.plan.bind.port);
    const handedOver: Listener[] = [];
    try {
      const fresh = [...next.listeners.values()].filter((state) => !this.listeners.has(state.plan.key));
      for (const state of fresh.filter((s) => samePort(s).length === 0)) bound.listeners.push(await Listener.open(state, this.services));
      const metrics = plan.global.metrics;
      if (bound.metricsMoved && metrics !== null) bound.metrics = await MetricsServer.start(metrics.address, metrics.path, this.services.metrics, logger);
      const admin = plan.global.admin;
      if (bound.adminMoved && admin !== null) bound.admin = await AdminServer.start(admin.address, this.adminControl(), logger);
      for (const state of fresh.filter((s) => samePort(s).length > 0)) {
        for (const old of samePort(state)) {
          old.stopAccepting();
          handedOver.push(old);
        }
        bound.listeners.push(await Listener.open(state, this.services));
      }
      if (this.stopping !== null) throw new Error('the server is shutting down');
      return bound;
    } catch (err) {
      await Promise.all([...bound.listeners.map((l) => l.close(0)), bound.admin?.close(), bound.metrics?.close(), next.retire(0)]);
      for (const old of handedOver) {
        await old.resumeAccepting().catch((resumeErr: unknown) => logger.error({ err: resumeErr, listener: old.key }, 'could not re-open a listener after a failed reload'));
      }
      throw err;
    }
  }

  /** Makes `next` the serving plan. Cannot fail: everything it needs is provisioned and bound. */
  private swap(next: ProvisionedPlan, bound: Bound): void {
    const old = this.current;
    const plan = next.plan;
    this.current = next;
    this.services.logger.level = plan.global.logLevel;
    for (const state of next.listeners.values()) this.listeners.get(state.plan.key)?.swap(state);
    for (const listener of bound.listeners) this.listeners.set(listener.key, listener);
    const grace = plan.global.gracePeriodMs;
    for (const [key, listener] of this.listeners) {
      if (next.listeners.has(key)) continue;
      this.listeners.delete(key);
      this.inBackground(listener.close(grace));
    }
    if (bound.adminMoved) {
      if (this.admin !== null) this.inBackground(this.admin.close());
      this.admin = bound.admin;
    }
    if (bound.metricsMoved) {
      if (this.metricsServer !== null) this.inBackground(this.metricsServer.close());
      this.metricsServer = bound.metrics;
    } else if (plan.global.metrics !== null) {
      this.metricsServer?.setPath(plan.global.metrics.path);
    }
    this.inBackground(old.retire(grace));
  }

  private async closeEverything(graceMs: number): Promise<void> {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    await Promise.all([
      ...listeners.map((l) => l.close(graceMs)),
      this.admin?.close(),
      this.metricsServer?.close(),
    ]);
    this.admin = null;
    this.metricsServer = null;
    await this.current.retire(graceMs);
    await Promise.all(this.background);
    await this.services.certificates.close();
  }

  private inBackground(task: Promise<void>): void {
    const tracked = task.catch((err: unknown) => this.services.logger.warn({ err }, 'background close failed'));
    this.background.add(tracked);
    void tracked.then(() => this.background.delete(tracked));
  }

  /** Every live pool's upstreams: health, load and counts (`GET /upstreams`, `rws upstreams`). */
  upstreams(): UpstreamReport[] {
    return upstreamReport(this.services.pools.pools());
  }

  private adminControl(): AdminControl {
    return {
      hooks: this.hooks,
      currentPlan: () => this.current.plan,
      upstreams: () => this.upstreams(),
      apply: (plan) => this.apply(plan),
      stop: () => void this.shutdown(),
    };
  }
}
