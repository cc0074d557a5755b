/** A BenchEnv for tests: real Children, no pinning (tests run alongside others), a scratch folder. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnv } from '../bench-env.ts';
import { findBinaries } from '../binaries.ts';
import { Children } from '../children.ts';
import { parseOptions } from '../options.ts';

export function testEnv(argv: readonly string[] = []): BenchEnv & { cleanup(): Promise<void> } {
  const parsed = parseOptions(argv);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  const children = new Children();
  const tmpDir = mkdtempSync(join(tmpdir(), 'rws-bench-test-'));
  return {
    options: parsed.options,
    children,
    pinning: { kind: 'none', reason: 'tests' },
    binaries: findBinaries(),
    node: process.execPath,
    repoRoot: fileURLToPath(new URL('../..', import.meta.url)),
    tmpDir,
    progress: () => {},
    cleanup: async () => {
      await children.stopAll(2000);
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** True while a process with this PID exists and is not a zombie waiting for its (re)parent to reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ...", the state letter after the command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
