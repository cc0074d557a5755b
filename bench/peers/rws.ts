/**
 * rws as a contestant: `node cli/rws.ts run FILE` from the checkout, pinned like the peers. Ready once it has
 * logged its "listening" line (JSON on stderr) for the port the generated Rwsfile names, and answers.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../bench-env.ts';
import type { Expectation, Probe } from '../readiness.ts';
import type { ServerSpec } from '../server.ts';

export interface RwsConfig {
  readonly name: string;
  /** The Rwsfile for a server listening on `port`. */
  readonly rwsfile: (port: number) => string;
  readonly probe: (port: number) => Probe;
  readonly expect: Expectation;
  readonly startTimeoutMs?: number;
  /**
   * Which log line means "serving": `listening` for this port (default), or `ready` (a cluster's primary says
   * it once every worker serves).
   */
  readonly readyOn?: 'listening' | 'ready';
}

/** Why rws cannot run yet, or null when the CLI is there. */
export function rwsUnavailable(env: BenchEnv): string | null {
  return existsSync(join(env.repoRoot, 'cli', 'rws.ts')) ? null : 'cli/rws.ts does not exist yet';
}

export function rwsServer(env: BenchEnv, config: RwsConfig): ServerSpec {
  return {
    name: config.name,
    startTimeoutMs: config.startTimeoutMs ?? 30_000,
    expect: config.expect,
    probe: config.probe,
    prepare: (dir, port) => {
      const file = join(dir, 'Rwsfile');
      writeFileSync(file, config.rwsfile(port));
      return {
        command: env.node,
        args: [join(env.repoRoot, 'cli', 'rws.ts'), 'run', file],
        cwd: env.repoRoot,
        env: { NODE_ENV: 'production', NO_COLOR: '1' },
        readyLine: (line) => (config.readyOn === 'ready' ? isLogMsg(line, 'ready') : isListening(line, port)),
      };
    },
  };
}

/** rws's log line `{"msg":"listening","listener":…,"host":…,"port":N}` for `port`. */
export function isListening(line: string, port: number): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === 'listening' && Number(entry.port) === port;
  } catch {
    return false;
  }
}

/** A JSON log line with this `msg`. */
export function isLogMsg(line: string, msg: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === msg;
  } catch {
    return false;
  }
}

/** The global options block every generated Rwsfile starts with: no admin endpoint, loopback only. */
export const RWS_GLOBALS = `{
	admin off
	default_bind 127.0.0.1
}
`;
