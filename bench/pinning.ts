/**
 * CPU pinning: with taskset and at least two CPUs, servers run on CPU 1 and wrk on CPU 0, so every
 * contestant gets one core and the load generator never competes with it. Otherwise nothing is pinned and
 * the report says so.
 */
import { availableParallelism } from 'node:os';
import { assertNever } from './assert-never.ts';

export type Pinning =
  | { readonly kind: 'taskset'; readonly taskset: string; readonly serverCpu: number; readonly loadCpu: number }
  | { readonly kind: 'none'; readonly reason: string };

export function choosePinning(taskset: string | null, cpus = availableParallelism()): Pinning {
  if (taskset === null) return { kind: 'none', reason: 'taskset not found (package util-linux)' };
  if (cpus < 2) return { kind: 'none', reason: `only ${cpus} CPU available` };
  return { kind: 'taskset', taskset, serverCpu: 1, loadCpu: 0 };
}

export type Role = 'server' | 'load';

/** The command line that runs `command args` with the CPU affinity of `role`. */
export function pinned(pinning: Pinning, role: Role, command: string, args: readonly string[]): { command: string; args: string[] } {
  switch (pinning.kind) {
    case 'none':
      return { command, args: [...args] };
    case 'taskset': {
      const cpu = role === 'server' ? pinning.serverCpu : pinning.loadCpu;
      return { command: pinning.taskset, args: ['-c', String(cpu), command, ...args] };
    }
    default:
      return assertNever(pinning);
  }
}

export function describePinning(pinning: Pinning): string {
  switch (pinning.kind) {
    case 'none':
      return `no CPU pinning: ${pinning.reason}; servers and wrk share all CPUs`;
    case 'taskset':
      return `taskset: servers (and GOMAXPROCS=1 / nbthread 1 / one nginx worker) on CPU ${pinning.serverCpu}, wrk on CPU ${pinning.loadCpu}`;
    default:
      return assertNever(pinning);
  }
}
