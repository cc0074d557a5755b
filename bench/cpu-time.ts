/**
 * CPU time a process has used (user + system), from /proc/PID/stat: the bench reports each server's CPU per
 * request, a figure far less sensitive than requests/s to other work sharing the machine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

/** Seconds of CPU `pid` has used so far, or null when it can't be read (no /proc, process gone). */
export function cpuSeconds(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12th and 13th after the command.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return (utime + stime) / clockTicks();
}

/**
 * CPU seconds of `pid` and every process below it (a cluster's primary and its workers), or null when `pid`
 * itself can't be read. Children are found through /proc/PID/task/TID/children.
 */
export function treeCpuSeconds(pid: number): number | null {
  const own = cpuSeconds(pid);
  if (own === null) return null;
  let total = own;
  for (const child of childrenOf(pid)) total += treeCpuSeconds(child) ?? 0;
  return total;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c !== '') out.push(Number(c));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

function clockTicks(): number {
  if (ticksPerSecond === null) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    ticksPerSecond = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}
