/**
 * A cluster worker's entry (forked by primary.ts through node:cluster): waits for its plan, serves it with a
 * runtime Server whose admin and metrics endpoints live in the primary, applies reloads the primary sends,
 * and drains on `stop`, SIGTERM / SIGINT or when the primary goes away.
 *
 * Invariant: the worker never compiles; every plan it serves came from the primary. Its listening sockets
 * are the primary's, shared through node:cluster.
 */
import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import type { Plan } from '../plan/plan.ts';
import { Server } from '../server.ts';
import { type FromWorker, isToWorker, type ToWorker } from './messages.ts';

if (!cluster.isWorker || process.send === undefined) {
  process.stderr.write('runtime/cluster/worker-main.ts is started by the cluster primary (rws run with `workers`)\n');
  process.exit(2);
}

// Answers the primary's metrics requests with this worker's registry (set once the server is up).
new AggregatorRegistry();

let server: Server | null = null;
let logger: Logger | null = null;
let stopping = false;

function send(message: FromWorker, then?: () => void): void {
  if (process.connected) process.send?.(message, undefined, {}, () => then?.());
  else then?.();
}

async function start(plan: Plan): Promise<void> {
  logger = pino(
    { level: plan.global.logLevel, base: { pid: process.pid, worker: cluster.worker?.id ?? 0 } },
    pino.destination({ fd: 2, sync: true }),
  );
  try {
    server = await Server.start(plan, { logger, endpoints: 'elsewhere' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Exit once the message is out, so the primary can tell why (a listen error, a certificate…).
    send({ kind: 'start-failed', message: e.message ?? String(err), code: e.code ?? null }, () => process.exit(1));
    return;
  }
  if (plan.global.metrics !== null) server.metrics.enableDefaultMetrics();
  AggregatorRegistry.setRegistries([server.metrics.registry]);
  send({ kind: 'started', pid: process.pid });
  void server.closed.then(() => process.exit(0));
}

async function apply(id: number, plan: Plan): Promise<void> {
  if (server === null) {
    send({ kind: 'apply-failed', id, message: 'the worker is not serving yet' });
    return;
  }
  try {
    const { changed } = await server.apply(plan);
    send({ kind: 'applied', id, changed });
  } catch (err) {
    send({ kind: 'apply-failed', id, message: err instanceof Error ? err.message : String(err) });
  }
}

function stop(why: string): void {
  if (stopping) return;
  stopping = true;
  logger?.info({ why }, 'worker stopping');
  if (server === null) process.exit(0);
  void server.shutdown().then(
    () => process.exit(0),
    (err: unknown) => {
      logger?.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}

function handle(message: ToWorker): void {
  switch (message.kind) {
    case 'start':
      void start(message.plan);
      return;
    case 'apply':
      void apply(message.id, message.plan);
      return;
    case 'report-upstreams':
      send({ kind: 'upstreams', id: message.id, rows: server?.upstreams() ?? [] });
      return;
    case 'stop':
      stop('asked by the primary');
      return;
    default: {
      const unknown: never = message;
      throw new Error(`unexpected message ${JSON.stringify(unknown)}`);
    }
  }
}

process.on('message', (message: unknown) => {
  if (isToWorker(message)) handle(message);
});
// The primary is gone (killed, crashed): nobody can reload or stop this worker any more.
process.on('disconnect', () => stop('the primary went away'));
// Ctrl-C reaches the whole process group: drain like the primary asks, don't die mid-request.
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
