/**
 * Cluster mode (`workers N`): the primary process. It never serves requests itself: it forks N workers
 * (worker-main.ts) that share the listening sockets through node:cluster, hands each the compiled plan,
 * applies reloads to all of them, replaces a worker that dies (with back-off), serves the admin and metrics
 * endpoints (primary-endpoints.ts) and, on shutdown, drains every worker.
 *
 * Invariant: the primary's plan is the one every serving worker runs; a reload changes it only when at least
 * one worker applied the new plan (a worker that could not is replaced and starts on the new plan); a worker
 * that exits unasked is restarted on the current plan until the primary stops.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { AdminControl, AdminHooks } from '../admin/admin-hooks.ts';
import type { BoundAddress } from '../listen/bind.ts';
import type { UpstreamReport } from '../handlers/proxy/upstream-metrics.ts';
import type { Plan } from '../plan/plan.ts';
import { mergeUpstreamReports } from './merge-upstream-reports.ts';
import { type FromWorker, isFromWorker, type ToWorker } from './messages.ts';
import { PrimaryEndpoints } from './primary-endpoints.ts';
import { RestartBackoff } from './restart-backoff.ts';
import { workerCount } from './worker-count.ts';

export interface PrimaryOptions {
  readonly logger: Logger;
  /** Enables POST /load on the admin endpoint. */
  readonly admin?: AdminHooks;
}

/** Why a worker could not start; `code` is the listen error's (EADDRINUSE…) when there was one. */
export class WorkerStartError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.name = 'WorkerStartError';
    this.code = code;
  }
}

type SlotState = 'starting' | 'serving' | 'leaving';

/** One worker process and what the primary waits for from it. */
interface Slot {
  readonly worker: Worker;
  readonly forkedAt: number;
  state: SlotState;
  /** Hash of the plan sent in its `start` message (a reload may come before it serves). */
  startedWith: string | null;
  /** Settles with the worker's start: resolved on `started`, rejected on `start-failed` or an early exit. */
  readonly started: Promise<void>;
  /** Reload answers awaited from this worker, by message id. */
  readonly replies: Map<number, (ok: { ok: true; changed: boolean } | { ok: false; message: string }) => void>;
  /** Upstream reports awaited from this worker, by message id (an exiting worker answers with none). */
  readonly reports: Map<number, (rows: readonly UpstreamReport[]) => void>;
}

/** The worker's entry beside this module: `.ts` when run from source, `.js` in the built package (dist/). */
const WORKER_ENTRY = fileURLToPath(new URL(`./worker-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
/** How long `GET /upstreams` waits for a worker's report before leaving that worker out. */
const REPORT_TIMEOUT_MS = 2000;
/** After the grace period, how long a worker may take to exit before it is killed. */
const EXIT_MARGIN_MS = 5000;

export class ClusterPrimary {
  /** Resolves once the cluster has stopped. */
  readonly closed: Promise<void>;
  #plan: Plan;
  readonly #logger: Logger;
  readonly #hooks: AdminHooks | null;
  readonly #slots = new Map<number, Slot>();
  readonly #backoff = new RestartBackoff();
  readonly #restarts = new Set<NodeJS.Timeout>();
  readonly #endpoints: PrimaryEndpoints;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #stopping: Promise<void> | null = null;
  #markClosed: () => void = () => {};

  private constructor(plan: Plan, options: PrimaryOptions) {
    this.#plan = plan;
    this.#logger = options.logger;
    this.#hooks = options.admin ?? null;
    this.#endpoints = new PrimaryEndpoints(this.#adminControl(), options.logger);
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
  }

  /** Forks the workers and waits until every one serves `plan`; rejects (and stops them all) if one cannot. */
  static async start(plan: Plan, options: PrimaryOptions): Promise<ClusterPrimary> {
    if (!cluster.isPrimary) throw new Error('ClusterPrimary runs in the primary process only');
    cluster.setupPrimary({ exec: WORKER_ENTRY, args: [] });
    const primary = new ClusterPrimary(plan, options);
    const count = workerCount(plan);
    try {
      const prepared = await primary.#endpoints.prepare(plan);
      await primary.#endpoints.commit(plan, prepared);
      const slots = Array.from({ length: count }, () => primary.#fork());
      await Promise.all(slots.map((s) => s.started));
    } catch (err) {
      await primary.shutdown(0);
      throw err;
    }
    options.logger.info({ hash: plan.hash, workers: count, pids: primary.pids() }, 'config applied');
    return primary;
  }

  /** The plan the workers serve. */
  get plan(): Plan {
    return this.#plan;
  }

  /** Process ids of the workers serving now. */
  pids(): number[] {
    return [...this.#slots.values()].filter((s) => s.state === 'serving').map((s) => s.worker.process.pid ?? 0);
  }

  addresses(): { admin: BoundAddress | null; metrics: BoundAddress | null } {
    return this.#endpoints.addresses();
  }

  /** Reload: every worker applies `plan` (see the invariant). Calls are serialised. */
  apply(plan: Plan): Promise<{ changed: boolean }> {
    const run = this.#queue.then(() => this.#applyNow(plan));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Every serving worker's upstream pools, merged (merge-upstream-reports.ts); a worker that does not answer
   * within REPORT_TIMEOUT_MS is left out rather than holding the admin request.
   */
  async upstreams(): Promise<UpstreamReport[]> {
    const serving = [...this.#slots.values()].filter((s) => s.state === 'serving');
    const id = this.#nextId++;
    const reports = await Promise.all(serving.map((slot) => this.#report(slot, id)));
    return mergeUpstreamReports(reports);
  }

  #report(slot: Slot, id: number): Promise<readonly UpstreamReport[]> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        slot.reports.delete(id);
        this.#logger.warn({ workerPid: slot.worker.process.pid }, 'a worker did not report its upstreams in time');
        resolve([]);
      }, REPORT_TIMEOUT_MS);
      slot.reports.set(id, (rows) => {
        clearTimeout(timer);
        resolve(rows);
      });
      if (!this.#send(slot, { kind: 'report-upstreams', id })) slot.reports.get(id)?.([]);
    });
  }

  /** Drains every worker (up to `graceMs` each), closes the endpoints; resolves when all have exited. */
  shutdown(graceMs: number = this.#plan.global.gracePeriodMs): Promise<void> {
    this.#stopping ??= (async () => {
      this.#logger.info({ graceMs, workers: this.#slots.size }, 'shutting down');
      for (const timer of this.#restarts) clearTimeout(timer);
      this.#restarts.clear();
      const exits = [...this.#slots.values()].map((slot) => this.#stopWorker(slot, graceMs + EXIT_MARGIN_MS));
      await Promise.all([...exits, this.#endpoints.close()]);
      this.#logger.info('stopped');
      this.#markClosed();
    })();
    return this.#stopping;
  }

  async #applyNow(plan: Plan): Promise<{ changed: boolean }> {
    if (this.#stopping !== null) throw new Error('the server is shutting down');
    if (plan.hash === this.#plan.hash) {
      this.#logger.info({ hash: plan.hash, changed: false }, 'config applied');
      return { changed: false };
    }
    const prepared = await this.#endpoints.prepare(plan);
    const serving = [...this.#slots.values()].filter((s) => s.state === 'serving');
    const id = this.#nextId++;
    const answers = await Promise.all(serving.map((slot) => this.#ask(slot, { kind: 'apply', id, plan })));
    const failed = serving.filter((_, i) => !answers[i].ok);
    if (serving.length > 0 && failed.length === serving.length) {
      await this.#endpoints.discard(prepared);
      const first = answers[0];
      throw new Error(first.ok ? 'no worker applied the config' : first.message);
    }
    this.#plan = plan;
    // Workers that began serving while the answers came in started on the old plan.
    for (const slot of this.#slots.values()) if (slot.state === 'serving' && !serving.includes(slot)) void this.#catchUp(slot);
    await this.#endpoints.commit(plan, prepared);
    for (const slot of failed) {
      this.#logger.error({ workerPid: slot.worker.process.pid }, 'a worker could not apply the config: replacing it');
      slot.worker.process.kill('SIGKILL');
    }
    this.#resize(workerCount(plan));
    this.#logger.info({ hash: plan.hash, changed: true, workers: workerCount(plan) }, 'config applied');
    return { changed: true };
  }

  /** Forks or retires workers so that `count` serve (after a reload changed `workers`). */
  #resize(count: number): void {
    const live = [...this.#slots.values()].filter((s) => s.state !== 'leaving');
    for (let i = live.length; i < count; i++) {
      this.#fork().started.catch(() => {
        // Logged on exit; the restart logic takes over.
      });
    }
    for (const slot of live.slice(count)) void this.#stopWorker(slot, this.#plan.global.gracePeriodMs + EXIT_MARGIN_MS);
  }

  #fork(): Slot {
    const worker = cluster.fork();
    let resolveStart: () => void = () => {};
    let rejectStart: (err: Error) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      resolveStart = resolve;
      rejectStart = reject;
    });
    const slot: Slot = { worker, forkedAt: Date.now(), state: 'starting', startedWith: null, started, replies: new Map(), reports: new Map() };
    this.#slots.set(worker.id, slot);
    worker.once('online', () => {
      slot.startedWith = this.#plan.hash;
      this.#send(slot, { kind: 'start', plan: this.#plan });
    });
    worker.on('message', (message: unknown) => {
      if (!isFromWorker(message)) return;
      this.#onMessage(slot, message, resolveStart, rejectStart);
    });
    worker.once('exit', (code: number | null, signal: string | null) => {
      rejectStart(new WorkerStartError(`worker ${worker.process.pid ?? '?'} exited (${signal ?? `code ${code}`}) before serving`, null));
      this.#onExit(slot, code, signal);
    });
    return slot;
  }

  #onMessage(slot: Slot, message: FromWorker, resolveStart: () => void, rejectStart: (err: Error) => void): void {
    switch (message.kind) {
      case 'started':
        if (slot.state === 'starting') slot.state = 'serving';
        this.#logger.info({ workerPid: message.pid }, 'worker serving');
        resolveStart();
        // A reload went out while it was starting (it was not asked): bring it up to date.
        if (slot.state === 'serving' && slot.startedWith !== this.#plan.hash) void this.#catchUp(slot);
        return;
      case 'start-failed':
        rejectStart(new WorkerStartError(message.message, message.code));
        return;
      case 'applied':
      case 'apply-failed': {
        const reply = slot.replies.get(message.id);
        slot.replies.delete(message.id);
        reply?.(message.kind === 'applied' ? { ok: true, changed: message.changed } : { ok: false, message: message.message });
        return;
      }
      case 'upstreams': {
        const report = slot.reports.get(message.id);
        slot.reports.delete(message.id);
        report?.(message.rows);
        return;
      }
      default: {
        const unknown: never = message;
        this.#logger.warn({ message: unknown }, 'unexpected message from a worker');
      }
    }
  }

  #onExit(slot: Slot, code: number | null, signal: string | null): void {
    this.#slots.delete(slot.worker.id);
    for (const reply of slot.replies.values()) reply({ ok: false, message: 'the worker exited' });
    slot.replies.clear();
    for (const report of slot.reports.values()) report([]);
    slot.reports.clear();
    const pid = slot.worker.process.pid;
    if (this.#stopping !== null || slot.state === 'leaving') {
      this.#logger.info({ workerPid: pid, code, signal }, 'worker exited');
      return;
    }
    const delayMs = this.#backoff.next(Date.now() - slot.forkedAt);
    this.#logger.warn({ workerPid: pid, code, signal, restartInMs: delayMs }, 'worker died: restarting it');
    const timer = setTimeout(() => {
      this.#restarts.delete(timer);
      if (this.#stopping !== null) return;
      const next = this.#fork();
      next.started.catch((err: unknown) => {
        if (this.#stopping === null) this.#logger.error({ err: err instanceof Error ? err.message : String(err) }, 'replacement worker failed to start');
      });
    }, delayMs);
    this.#restarts.add(timer);
  }

  /** Applies the current plan to a worker that started on an older one; replaces it if it can't. */
  async #catchUp(slot: Slot): Promise<void> {
    const plan = this.#plan;
    const answer = await this.#ask(slot, { kind: 'apply', id: this.#nextId++, plan });
    if (answer.ok || this.#stopping !== null || slot.state !== 'serving') return;
    this.#logger.error({ workerPid: slot.worker.process.pid, hash: plan.hash }, 'a worker could not apply the config: replacing it');
    slot.worker.process.kill('SIGKILL');
  }

  /** Sends a reload and resolves with the worker's answer (a worker that exits meanwhile answers "exited"). */
  #ask(slot: Slot, message: Extract<ToWorker, { kind: 'apply' }>): Promise<{ ok: true; changed: boolean } | { ok: false; message: string }> {
    return new Promise((resolve) => {
      slot.replies.set(message.id, resolve);
      if (!this.#send(slot, message)) {
        slot.replies.delete(message.id);
        resolve({ ok: false, message: 'the worker is not connected' });
      }
    });
  }

  #send(slot: Slot, message: ToWorker): boolean {
    if (!slot.worker.isConnected()) return false;
    slot.worker.send(message);
    return true;
  }

  /** Asks a worker to drain and exit; kills it if it is still there after `deadlineMs`. */
  #stopWorker(slot: Slot, deadlineMs: number): Promise<void> {
    slot.state = 'leaving';
    const exited = new Promise<void>((resolve) => {
      if (slot.worker.isDead()) resolve();
      else slot.worker.once('exit', () => resolve());
    });
    if (!this.#send(slot, { kind: 'stop' })) slot.worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.#logger.warn({ workerPid: slot.worker.process.pid }, 'worker did not exit in time: killing it');
      slot.worker.process.kill('SIGKILL');
    }, deadlineMs);
    return exited.finally(() => clearTimeout(timer));
  }

  #adminControl(): AdminControl {
    return {
      hooks: this.#hooks,
      currentPlan: () => this.#plan,
      upstreams: () => this.upstreams(),
      apply: (plan) => this.apply(plan),
      stop: () => void this.shutdown(),
    };
  }
}
