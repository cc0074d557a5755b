/**
 * Starts the real `rws` CLI as a child process (Node 24, type-stripped sources) and reads its JSON log on
 * stderr to learn the ports it bound (tests use port 0). Every process started here is killed in stop().
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'cli', 'rws.ts');

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface Listening {
  listener: string;
  host: string;
  port: number;
}

export class RwsProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[] = [];
  stderr = '';
  stdout = '';
  private waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  readonly exited: Promise<number | null>;

  /** `cli`: the entry to run (default: the source CLI; a test of the built package passes dist's). */
  constructor(args: string[], cwd: string, cli: string = CLI) {
    this.child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let buffered = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(line) as LogLine;
          this.logs.push(parsed);
          this.waiters = this.waiters.filter((w) => {
            if (!w.test(parsed)) return true;
            w.resolve(parsed);
            return false;
          });
        } catch {
          // not a log line
        }
      }
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.exited = new Promise((res) => this.child.once('exit', (code) => res(code)));
  }

  /** Resolves with the first log line (past or future) that passes the test; rejects on exit or timeout. */
  waitFor(test: (l: LogLine) => boolean, what: string, timeoutMs = 15_000): Promise<LogLine> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nstderr:\n${this.stderr}`)), timeoutMs);
      const waiter = {
        test,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolvePromise(l);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`rws exited (${code}) while waiting for ${what}\nstderr:\n${this.stderr}`));
      });
    });
  }

  waitForMsg(msg: string, extra: (l: LogLine) => boolean = () => true): Promise<LogLine> {
    return this.waitFor((l) => l.msg === msg && extra(l), `log "${msg}"`);
  }

  /** Listeners announced so far. */
  listening(): Listening[] {
    return this.logs.filter((l) => l.msg === 'listening').map((l) => ({ listener: String(l.listener), host: String(l.host), port: Number(l.port) }));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** Writes files into a fresh temp directory; returns its path. */
export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rws-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Starts `rws run <file>` and waits until it is ready (all listeners announced). */
export async function startRws(dir: string, file = 'Rwsfile', extraArgs: string[] = []): Promise<RwsProcess> {
  const proc = new RwsProcess(['run', file, ...extraArgs], dir);
  await proc.waitForMsg('ready');
  return proc;
}

/** Runs the CLI to completion (validate, fmt, plan, explain, reload). */
export function runCli(args: string[], cwd: string, input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
