/**
 * The admin and metrics endpoints of a cluster, served by the primary: admin requests act on the whole
 * cluster (a load is applied by every worker), /metrics sums the workers' registries.
 *
 * Invariant: like a single Server, a moved endpoint is bound before a reload goes ahead (prepare) and the old
 * one closed only once the reload is through (commit); a failed reload closes what prepare bound.
 */
import type { Logger } from 'pino';
import type { AdminControl } from '../admin/admin-hooks.ts';
import { AdminServer } from '../admin/admin-server.ts';
import { type BoundAddress, sameBind } from '../listen/bind.ts';
import { MetricsServer } from '../metrics/metrics-server.ts';
import type { Plan } from '../plan/plan.ts';
import { ClusterMetrics } from './cluster-metrics.ts';

/** Endpoints bound for a plan about to be applied; `moved` ones replace the current ones on commit. */
export interface PreparedEndpoints {
  readonly admin: AdminServer | null;
  readonly metrics: MetricsServer | null;
  readonly adminMoved: boolean;
  readonly metricsMoved: boolean;
}

export class PrimaryEndpoints {
  readonly #control: AdminControl;
  readonly #logger: Logger;
  readonly #metricsSource = new ClusterMetrics();
  #admin: AdminServer | null = null;
  #metrics: MetricsServer | null = null;
  #plan: Plan | null = null;

  constructor(control: AdminControl, logger: Logger) {
    this.#control = control;
    this.#logger = logger;
  }

  /** Binds what `plan` needs that is not bound yet; all or nothing. */
  async prepare(plan: Plan): Promise<PreparedEndpoints> {
    const current = this.#plan?.global ?? null;
    const admin = plan.global.admin;
    const metrics = plan.global.metrics;
    const adminMoved = current === null || !sameBind(current.admin?.address ?? null, admin?.address ?? null);
    const metricsMoved = current === null || !sameBind(current.metrics?.address ?? null, metrics?.address ?? null);
    let boundAdmin: AdminServer | null = null;
    let boundMetrics: MetricsServer | null = null;
    try {
      if (metricsMoved && metrics !== null) boundMetrics = await MetricsServer.start(metrics.address, metrics.path, this.#metricsSource, this.#logger);
      if (adminMoved && admin !== null) boundAdmin = await AdminServer.start(admin.address, this.#control, this.#logger);
    } catch (err) {
      await Promise.all([boundAdmin?.close(), boundMetrics?.close()]);
      throw err;
    }
    return { admin: boundAdmin, metrics: boundMetrics, adminMoved, metricsMoved };
  }

  /** The reload went through: moved endpoints replace the old ones. */
  async commit(plan: Plan, prepared: PreparedEndpoints): Promise<void> {
    this.#plan = plan;
    const closing: Promise<void>[] = [];
    if (prepared.adminMoved) {
      if (this.#admin !== null) closing.push(this.#admin.close());
      this.#admin = prepared.admin;
    }
    if (prepared.metricsMoved) {
      if (this.#metrics !== null) closing.push(this.#metrics.close());
      this.#metrics = prepared.metrics;
    } else if (plan.global.metrics !== null) {
      this.#metrics?.setPath(plan.global.metrics.path);
    }
    await Promise.all(closing);
  }

  /** The reload failed: close what prepare bound. */
  async discard(prepared: PreparedEndpoints): Promise<void> {
    await Promise.all([prepared.admin?.close(), prepared.metrics?.close()]);
  }

  addresses(): { admin: BoundAddress | null; metrics: BoundAddress | null } {
    return { admin: this.#admin?.address() ?? null, metrics: this.#metrics?.address() ?? null };
  }

  async close(): Promise<void> {
    const admin = this.#admin;
    const metrics = this.#metrics;
    this.#admin = null;
    this.#metrics = null;
    await Promise.all([admin?.close(), metrics?.close()]);
  }
}
