/**
 * Making sure the harness leaves nothing behind: on normal exit, Ctrl-C, SIGTERM, an uncaught error or the
 * overall time limit, every child it started is stopped (by PID) and its scratch folder removed.
 */
import { rmSync } from 'node:fs';
import type { Children } from './children.ts';

export interface Lifecycle {
  /** Stops the children, removes the scratch folder, and detaches the handlers. */
  close(): Promise<void>;
}

export function guardProcesses(children: Children, tmpDir: string, timeLimitMs: number, say: (line: string) => void): Lifecycle {
  let closing = false;
  const removeTmp = (): void => {
    try {
      rmSync(tmpDir, { recursive: true, force: true });
    } catch {
      // best effort: it is under the OS temp folder
    }
  };
  const bail = (why: string, code: number): void => {
    if (closing) {
      // Second Ctrl-C: no more waiting.
      children.killAllNow();
      removeTmp();
      process.exit(code);
    }
    closing = true;
    say(`${why}: stopping ${children.size} process${children.size === 1 ? '' : 'es'} started by the bench`);
    void children.stopAll(3000).finally(() => {
      removeTmp();
      process.exit(code);
    });
  };
  const onSignal = (signal: NodeJS.Signals): void => bail(`interrupted (${signal})`, 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  const onError = (err: unknown): void => {
    say(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    bail('failure', 1);
  };
  const onExit = (): void => {
    children.killAllNow();
    removeTmp();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.on('exit', onExit);
  const limit = setTimeout(() => bail(`time limit of ${Math.round(timeLimitMs / 1000)} s reached`, 1), timeLimitMs);
  limit.unref();

  return {
    close: async () => {
      closing = true;
      clearTimeout(limit);
      await children.stopAll(3000);
      removeTmp();
      for (const s of signals) process.off(s, onSignal);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      process.off('exit', onExit);
    },
  };
}
