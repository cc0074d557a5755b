/**
 * `rws run`: the process around a runtime Server. Compiles the Rwsfile, starts the server, and turns SIGHUP,
 * --watch and the admin endpoint's /load into reloads; SIGTERM / SIGINT into a graceful drain.
 *
 * With `workers N` (N > 1) the process becomes a cluster primary (runtime/cluster/primary.ts) that serves
 * through N worker processes; reloads are still compiled here, once, and handed to every worker.
 *
 * Invariant: a reload that fails to compile or to provision never touches the serving plan.
 */
import { type FSWatcher, watch } from 'node:fs';
import pino, { type Logger } from 'pino';
import { hasErrors } from '../compiler/diagnostics/diagnostic.ts';
import { ClusterPrimary } from '../runtime/cluster/primary.ts';
import { workerCount } from '../runtime/cluster/worker-count.ts';
import type { Plan } from '../runtime/plan/plan.ts';
import { Server } from '../runtime/server.ts';
import { CliError, compileFile, formatDiagnostics, useColor } from './config-file.ts';

export interface ServeOptions {
  readonly watch: boolean;
}

/** What the CLI drives: one Server, or a cluster primary in front of several. */
type Serving = Pick<Server, 'apply' | 'shutdown' | 'closed'>;

export async function serve(path: string, options: ServeOptions): Promise<void> {
  const first = compileFile(path);
  if (first.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(first.diagnostics, first.files, 'human', useColor(process.stderr)));
  }
  if (first.plan === null || hasErrors(first.diagnostics)) {
    throw new CliError(`not started: ${path} has errors`);
  }
  const logger: Logger = pino({ level: first.plan.global.logLevel, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));

  const server = await startOrExplain(first.plan, logger, path);
  let watcher: Watcher | null = null;

  let reloading: Promise<void> = Promise.resolve();
  const reload = (reason: string): Promise<void> => {
    // Reloads are serialised: a burst of file events or signals never swaps plans concurrently.
    reloading = reloading.then(async () => {
      const result = compileFile(path);
      if (result.plan === null || hasErrors(result.diagnostics)) {
        // The diagnostics go out before the log line that announces them, so a reader of the log has both.
        process.stderr.write(formatDiagnostics(result.diagnostics, result.files, 'human', false));
        logger.error({ reason, file: path, errors: result.diagnostics.filter((d) => d.severity === 'error').length }, 'reload rejected');
        return;
      }
      if (server instanceof Server && workerCount(result.plan) !== 1) {
        logger.warn({ reason, workers: result.plan.global.workers }, 'the number of workers changes only when rws restarts: this reload keeps one process');
      }
      try {
        const { changed } = await server.apply(result.plan);
        if (!changed) logger.info({ reason, hash: result.plan.hash }, 'config unchanged');
        watcher?.update(result.plan.files);
      } catch (err) {
        logger.error({ reason, err }, 'reload failed: the previous config keeps serving');
      }
    });
    return reloading;
  };

  if (options.watch) watcher = new Watcher(first.plan.files, () => void reload('watch'));

  process.on('SIGHUP', () => void reload('SIGHUP'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    watcher?.close();
    void server.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Only now, with every signal wired, is the process ready to be reloaded or stopped.
  logger.info({ file: path, hash: first.plan.hash }, 'ready');

  await server.closed;
  watcher?.close();
}

async function startOrExplain(plan: Plan, logger: Logger, path: string): Promise<Serving> {
  try {
    const start = workerCount(plan) > 1 ? ClusterPrimary.start : Server.start;
    return await start(plan, {
      logger,
      admin: {
        compile: async ({ text, path: sentPath }) => {
          const result = compileFile(sentPath ?? path, text);
          return {
            plan: result.plan !== null && !hasErrors(result.diagnostics) ? result.plan : null,
            diagnostics: result.diagnostics,
            rendered: formatDiagnostics(result.diagnostics, result.files, 'human', false),
          };
        },
      },
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    // A cluster worker's listen error comes back as a message only.
    if (e.address === undefined && (e.code === 'EADDRINUSE' || e.code === 'EACCES')) throw new CliError(`cannot listen: ${e.message}`);
    if (e.code === 'EADDRINUSE') {
      throw new CliError(`cannot listen on ${e.address ?? ''}:${e.port ?? ''}: the address is in use (is another server running?)`);
    }
    if (e.code === 'EACCES') {
      throw new CliError(`cannot listen on ${e.address ?? ''}:${e.port ?? ''}: permission denied (ports below 1024 need privileges; use a higher port)`);
    }
    throw err;
  }
}

/** Watches every file a plan was built from; re-armed after each reload since imports may change. */
class Watcher {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly onChange: () => void;

  constructor(files: readonly string[], onChange: () => void) {
    this.onChange = onChange;
    this.update(files);
  }

  update(files: readonly string[]): void {
    this.closeWatchers();
    for (const file of files) {
      try {
        // Editors often replace files (rename): watching the file handles both, and update() re-arms.
        this.watchers.push(watch(file, { persistent: false }, () => this.schedule()));
      } catch {
        // A file that vanished is picked up again on the next successful reload.
      }
    }
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, 150);
  }

  private closeWatchers(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.closeWatchers();
  }
}
