/** How many workers a plan asks for, on this machine: `workers auto` = one per CPU Node may use. */
import { availableParallelism } from 'node:os';
import type { Plan } from '../plan/plan.ts';

export function workerCount(plan: Plan, cpus: number = availableParallelism()): number {
  const workers = plan.global.workers ?? 1;
  return workers === 'auto' ? Math.max(1, cpus) : workers;
}
