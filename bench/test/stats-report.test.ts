import { describe, expect, it } from 'vitest';
import { renderTable } from '../report.ts';
import type { LoadTable } from '../results.ts';
import { median, ratioOf, spreadPct } from '../stats.ts';
import type { WrkResult } from '../wrk.ts';

function round(rps: number, p99 = 2): WrkResult {
  return {
    requests: rps * 10,
    durationSec: 10,
    requestsPerSec: rps,
    bytes: 0,
    errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0 },
    latencyMs: { mean: 1, p50: 1, p90: 1.5, p99, p999: 3, max: 4 },
  };
}

describe('stats', () => {
  it('takes medians, spreads and per-round ratio ranges', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spreadPct([90, 100, 110])).toBeCloseTo(10);
    expect(ratioOf([50, 60, 55], [100, 100, 110])).toEqual({ ratio: 0.55, low: 0.5, high: 0.6 });
  });
});

describe('report', () => {
  it('prints medians, ratios against each baseline, noise flags and why a contestant is missing', () => {
    const table: LoadTable = {
      kind: 'load',
      title: 'static 1 KiB',
      detail: 'GET /1k.bin',
      baselines: ['nginx', 'caddy'],
      goals: [],
      notes: [],
      results: [
        { name: 'rws', outcome: { kind: 'measured', rounds: [round(10_000), round(12_000, 4), round(11_000, 3)] } },
        { name: 'nginx', outcome: { kind: 'measured', rounds: [round(40_000), round(44_000), round(42_000)] } },
        { name: 'caddy', outcome: { kind: 'failed', reason: 'caddy exited before serving:\nunrecognized global option' } },
      ],
    };
    const text = renderTable(table);
    expect(text).toContain('== static 1 KiB');
    const rws = text.split('\n').find((l) => l.trimStart().startsWith('rws')) ?? '';
    expect(rws).toMatch(/11,000/);
    expect(rws).toMatch(/±9\.1% noisy/);
    expect(rws).toMatch(/3\.00 ms/);
    // 11,000 / 42,000, per-round 0.25 .. 0.27
    expect(rws).toMatch(/0\.26 \(0\.25–0\.27\)/);
    expect(text).toMatch(/caddy\s+failed \[1\]/);
    expect(text).toContain('[1] caddy failed: caddy exited before serving:');
    expect(text).toContain('unrecognized global option');
  });

  it('says whether a goal is met', () => {
    const table: LoadTable = {
      kind: 'load',
      title: 'routing',
      detail: '',
      baselines: ['one'],
      goals: [{ contestant: 'many', baseline: 'one', atLeast: 0.95 }],
      notes: [],
      results: [
        { name: 'one', outcome: { kind: 'measured', rounds: [round(100)] } },
        { name: 'many', outcome: { kind: 'measured', rounds: [round(90)] } },
      ],
    };
    expect(renderTable(table)).toContain('target: many ≥ 0.95 × one: 0.900 → NOT met');
  });
});
