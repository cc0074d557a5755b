/** rws's own log: pino, JSON lines on stderr, level from the plan. */
import pino, { type Logger } from 'pino';
import type { GlobalPlan } from '../plan/plan.ts';

export function createProcessLogger(level: GlobalPlan['logLevel']): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
}
