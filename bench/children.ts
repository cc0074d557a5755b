/**
 * Every process the harness starts (servers, upstreams, wrk) goes through one Children registry, so that it
 * can stop exactly those processes, by PID, on success, failure, an uncaught error or Ctrl-C.
 *
 * Invariant: each child is spawned detached (its own process group, so the terminal's Ctrl-C reaches only
 * the harness) and is stopped through its own PID / process group; nothing is killed by name.
 */
import { spawn } from 'node:child_process';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each complete line the child writes to stderr (rws logs JSON lines there). */
  readonly onStderrLine?: (line: string) => void;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /** The last few KiB of stdout and stderr, for error messages. */
  output(): string;
  /** All of stdout so far (wrk prints its report there). */
  stdout(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_BYTES = 8192;

export class Children {
  private readonly live = new Map<number, Child>();
  /** Set by stopAll: once the harness is stopping, nothing new is started. */
  private closed = false;

  get size(): number {
    return this.live.size;
  }

  spawn(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): Child {
    if (this.closed) throw new Error(`not starting ${name}: the bench is stopping`);
    const proc = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let out = '';
    let exit: ExitInfo | null = null;
    let gone = false;
    const append = (chunk: string): void => {
      tail = (tail + chunk).slice(-TAIL_BYTES);
    };
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.length > 1 << 20) out = out.slice(-(1 << 19));
      append(chunk);
    });
    let partial = '';
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      append(chunk);
      if (options.onStderrLine === undefined) return;
      partial += chunk;
      let nl = partial.indexOf('\n');
      while (nl !== -1) {
        options.onStderrLine(partial.slice(0, nl));
        partial = partial.slice(nl + 1);
        nl = partial.indexOf('\n');
      }
    });
    const exited = new Promise<ExitInfo>((resolve) => {
      const settle = (info: ExitInfo): void => {
        if (exit !== null) return;
        exit = info;
        if (proc.pid !== undefined) this.live.delete(proc.pid);
        resolve(info);
      };
      // 'error' covers a binary that could not be started at all (ENOENT, EACCES).
      proc.once('error', (err) => {
        append(`\n[bench] cannot start ${command}: ${err.message}\n`);
        settle({ code: null, signal: null });
      });
      // 'close' comes once stdout/stderr are drained too (wrk's report is the last thing it prints); if a
      // stray grandchild keeps the pipes open, the exit alone settles it shortly after.
      proc.once('close', (code, signal) => settle({ code, signal }));
      proc.once('exit', (code, signal) => {
        // From here on its PID may be reused: never signal it again.
        gone = true;
        if (proc.pid !== undefined) this.live.delete(proc.pid);
        setTimeout(() => settle({ code, signal }), 1000).unref();
      });
    });
    const pid = proc.pid ?? -1;

    const child: Child = {
      name,
      pid,
      exited,
      hasExited: () => exit !== null,
      output: () => tail,
      stdout: () => out,
      stop: async (graceMs = 5000) => {
        if (gone || pid <= 0) return void (await exited);
        signalGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => gone || signalGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    if (pid > 0 && !gone) this.live.set(pid, child);
    return child;
  }

  /** Stops every live child (in parallel): SIGTERM, SIGKILL after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.values()].map((child) => child.stop(graceMs)));
  }

  /** Synchronous last resort for process.on('exit'): SIGKILL whatever is still alive. */
  killAllNow(): void {
    this.closed = true;
    for (const pid of this.live.keys()) signalGroup(pid, 'SIGKILL');
    this.live.clear();
  }
}

/** Signals the child's own process group (it leads one, being detached), falling back to the PID alone. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
