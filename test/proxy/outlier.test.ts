import { describe, expect, it } from 'vitest';
import type { OutlierPlan } from '../../runtime/plan/plan.ts';
import { OutlierDetector } from '../../runtime/handlers/proxy/health/outlier.ts';
import { UpstreamHealth } from '../../runtime/handlers/proxy/health/upstream-health.ts';
import { RetryBudget } from '../../runtime/handlers/proxy/retry-budget.ts';

function outlier(overrides: Partial<OutlierPlan> = {}): OutlierPlan {
  return { consecutiveFailures: 3, failureStatuses: [502, 503], windowMs: 0, baseEjectionMs: 1000, maxEjectionMs: 3000, maxEjectionPercent: 50, maxLatencyMs: 0, ...overrides };
}

function pool(n: number, plan: OutlierPlan): { members: UpstreamHealth[]; detector: OutlierDetector } {
  const members = Array.from({ length: n }, () => new UpstreamHealth());
  return { members, detector: new OutlierDetector(plan, members) };
}

describe('outlier detection', () => {
  it('ejects after consecutive failures; a success in between resets the count', () => {
    const { members, detector } = pool(2, outlier());
    const [a] = members;
    expect(detector.failed(a, 0)).toBe(0);
    expect(detector.failed(a, 1)).toBe(0);
    detector.succeeded(a);
    expect(detector.failed(a, 2)).toBe(0);
    expect(detector.failed(a, 3)).toBe(0);
    expect(detector.failed(a, 4)).toBe(1000);
    expect(a.available(500)).toBe(false);
    expect(a.state(500)).toBe('ejected');
    // The ejection ends by time alone.
    expect(a.available(1004)).toBe(true);
  });

  it('doubles each further ejection up to the maximum, and forgets after a quiet period', () => {
    const { members, detector } = pool(2, outlier({ consecutiveFailures: 1 }));
    const [a] = members;
    expect(detector.failed(a, 0)).toBe(1000);
    expect(detector.failed(a, 1000)).toBe(2000);
    expect(detector.failed(a, 3000)).toBe(3000);
    expect(detector.failed(a, 6000)).toBe(3000);
    // In for longer than max_ejection after the last one: back to the base.
    expect(detector.failed(a, 9000 + 3001)).toBe(1000);
  });

  it('with a window, counts failures within it whatever succeeded in between', () => {
    const { members, detector } = pool(2, outlier({ windowMs: 1000 }));
    const [a] = members;
    detector.failed(a, 0);
    detector.failed(a, 500);
    detector.succeeded(a);
    // The first failure has left the window.
    expect(detector.failed(a, 1200)).toBe(0);
    expect(detector.failed(a, 1300)).toBe(1000);
  });

  it('never ejects more than the percentage of the pool', () => {
    const { members, detector } = pool(4, outlier({ consecutiveFailures: 1, maxEjectionPercent: 50 }));
    expect(members.map((m) => detector.failed(m, 0))).toEqual([1000, 1000, 0, 0]);
    // Once one is back, another may go.
    expect(detector.failed(members[2], 1000)).toBe(1000);
    const none = pool(3, outlier({ consecutiveFailures: 1, maxEjectionPercent: 0 }));
    expect(none.detector.failed(none.members[0], 0)).toBe(0);
    // A small pool may still eject one; a lone upstream only at 100%.
    const small = pool(5, outlier({ consecutiveFailures: 1, maxEjectionPercent: 10 }));
    expect(small.members.map((m) => small.detector.failed(m, 0))).toEqual([1000, 0, 0, 0, 0]);
    const lone = pool(1, outlier({ consecutiveFailures: 1, maxEjectionPercent: 50 }));
    expect(lone.detector.failed(lone.members[0], 0)).toBe(0);
    const all = pool(1, outlier({ consecutiveFailures: 1, maxEjectionPercent: 100 }));
    expect(all.detector.failed(all.members[0], 0)).toBe(1000);
  });

  it('counts the listed statuses as failures, and slow responses when asked', () => {
    const { detector } = pool(1, outlier());
    expect([500, 502, 503, 504].map((s) => detector.isFailure(s, 60_000))).toEqual([false, true, true, false]);
    const slow = pool(1, outlier({ maxLatencyMs: 100 })).detector;
    expect([slow.isFailure(200, 100), slow.isFailure(200, 101), slow.isFailure(502, 0)]).toEqual([false, true, true]);
  });
});

describe('upstream health across a DNS refresh', () => {
  it('an upstream rebuilt with the same URL keeps its verdict, ejection and counts', () => {
    const { members, detector } = pool(2, outlier({ consecutiveFailures: 2 }));
    const [old] = members;
    old.probed('status 500', 1, 1);
    detector.failed(old, 0);
    const fresh = new UpstreamHealth();
    fresh.adopt(old);
    expect(fresh.state(0)).toBe('unhealthy');
    expect(fresh.lastProbeFailure).toBe('status 500');
    // The failure counted before the refresh still counts: one more ejects.
    const after = new OutlierDetector(outlier({ consecutiveFailures: 2 }), [fresh, members[1]]);
    expect(after.failed(fresh, 1)).toBe(1000);
  });
});

describe('retry budget', () => {
  it('grants retries up to the ratio of recent requests plus the floor, then refuses', () => {
    const budget = new RetryBudget(0.2, 0);
    for (let i = 0; i < 100; i++) budget.request(1000);
    let granted = 0;
    for (let i = 0; i < 50; i++) if (budget.withdraw(1000)) granted++;
    expect(granted).toBe(20);
    expect([budget.granted, budget.refused]).toEqual([20, 30]);
    // Ten seconds later the window has moved on: nothing recent, nothing granted.
    expect(budget.withdraw(11_000)).toBe(false);
  });

  it('always allows the floor', () => {
    const budget = new RetryBudget(0, 1);
    let granted = 0;
    for (let i = 0; i < 30; i++) if (budget.withdraw(5000)) granted++;
    expect(granted).toBe(10);
  });
});
