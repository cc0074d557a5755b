/**
 * Starting one server under test: pick a free port, let its spec write a config for it in a fresh folder,
 * spawn it pinned to the server CPU, and wait until it serves the expected answer.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from './bench-env.ts';
import type { Child } from './children.ts';
import { freePort } from './free-port.ts';
import { pinned } from './pinning.ts';
import { type Expectation, type Probe, waitUntilServing } from './readiness.ts';

export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the harness's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** When set, the server is ready only once it has written a stderr line this accepts (rws: "listening"). */
  readonly readyLine?: (line: string) => boolean;
}

export interface ServerSpec {
  /** Shown in tables: "nginx", "rws (10000 sites)". */
  readonly name: string;
  /** Writes the config files under `dir` for `port` and says how to launch the server. */
  prepare(dir: string, port: number): ServerLaunch;
  /** What to ask once it is up, and what it must answer. */
  probe(port: number): Probe;
  readonly expect: Expectation;
  /** How long it may take to start (rws compiling 10,000 sites takes a while). */
  readonly startTimeoutMs: number;
}

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly child: Child;
}

const ATTEMPTS = 3;

/** Starts `spec`; retries with a fresh port when the first one was taken in between (EADDRINUSE). */
export async function startServer(env: BenchEnv, spec: ServerSpec): Promise<RunningServer> {
  let lastError: Error | null = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(env.tmpDir, `${slug(spec.name)}-`));
    const launch = spec.prepare(dir, port);
    const cmd = pinned(env.pinning, 'server', launch.command, launch.args);
    let sawReadyLine: (() => void) | null = null;
    const readyLine = new Promise<void>((resolve) => (sawReadyLine = resolve));
    const child = env.children.spawn(spec.name, cmd.command, cmd.args, {
      cwd: launch.cwd ?? dir,
      env: { ...process.env, ...launch.env },
      onStderrLine: launch.readyLine === undefined ? undefined : (line) => launch.readyLine?.(line) === true && sawReadyLine?.(),
    });
    try {
      if (launch.readyLine !== undefined) await lineOrExit(readyLine, child, spec.startTimeoutMs);
      await waitUntilServing(spec.probe(port), spec.expect, child, spec.startTimeoutMs);
      return { name: spec.name, port, child };
    } catch (err) {
      await child.stop(2000);
      lastError = err as Error;
      if (!/in use|EADDRINUSE/i.test(lastError.message)) break;
    }
  }
  throw lastError ?? new Error(`${spec.name} did not start`);
}

async function lineOrExit(line: Promise<void>, child: Child, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([line.then(() => 'ready' as const), child.exited.then(() => 'exited' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'ready') return;
  const why = outcome === 'exited' ? 'exited before saying it listens' : `did not say it listens within ${timeoutMs} ms`;
  throw new Error(`${child.name} ${why}:\n${child.output().trim()}`);
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'server';
}
