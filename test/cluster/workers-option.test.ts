import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { FIRST_DELAY_MS, MAX_DELAY_MS, RestartBackoff, STABLE_MS } from '../../runtime/cluster/restart-backoff.ts';
import { workerCount } from '../../runtime/cluster/worker-count.ts';
import type { Plan } from '../../runtime/plan/plan.ts';

function planOf(globals: string): Plan {
  const result = compile({ path: '/tmp/Rwsfile', text: `{\n\tadmin off\n${globals}}\n\nhttp://:8080 {\n\trespond "ok"\n}\n` });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (result.plan === null) throw new Error('no plan');
  return result.plan;
}

describe('workers option', () => {
  it('leaves a single-process plan without the field, and counts one worker', () => {
    const plan = planOf('');
    expect('workers' in plan.global).toBe(false);
    expect(workerCount(plan, 8)).toBe(1);
  });

  it('carries a count, or auto resolved to the CPUs of the machine that runs it', () => {
    expect(workerCount(planOf('\tworkers 3\n'), 8)).toBe(3);
    const auto = planOf('\tworkers auto\n');
    expect(auto.global.workers).toBe('auto');
    expect(workerCount(auto, 8)).toBe(8);
    expect(workerCount(auto, 2)).toBe(2);
  });

  it('changes the plan hash (a reload that changes it is applied)', () => {
    expect(planOf('\tworkers 2\n').hash).not.toBe(planOf('\tworkers 3\n').hash);
  });
});

describe('restart back-off', () => {
  it('restarts at once, then doubles the delay up to a cap, and starts over after a stable run', () => {
    const b = new RestartBackoff();
    const delays = Array.from({ length: 10 }, () => b.next(50));
    expect(delays.slice(0, 4)).toEqual([0, FIRST_DELAY_MS, FIRST_DELAY_MS * 2, FIRST_DELAY_MS * 4]);
    expect(Math.max(...delays)).toBe(MAX_DELAY_MS);
    expect(b.next(STABLE_MS)).toBe(0);
    expect(b.next(10)).toBe(FIRST_DELAY_MS);
  });
});
