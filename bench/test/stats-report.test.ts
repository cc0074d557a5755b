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

  it('shows the server CPU per request when the rounds carry it, and the goal by CPU', () => {
    const withCpu = (rps: number, cpuSec: number): WrkResult => ({ ...round(rps), serverCpuSec: cpuSec });
    const text = renderTable({
      kind: 'load',
      title: 'proxy',
      detail: '',
      baselines: ['caddy'],
      goals: [{ contestant: 'rws', baseline: 'caddy', atLeast: 1.5 }],
      notes: [],
      results: [
        // 10,000 req/s × 10 s = 100,000 requests in 5 s of CPU: 50 µs each.
        { name: 'rws', outcome: { kind: 'measured', rounds: [withCpu(10_000, 5)] } },
        { name: 'caddy', outcome: { kind: 'measured', rounds: [withCpu(5_000, 5)] } },
      ],
    });
    expect(text.split('\n').find((l) => l.trimStart().startsWith('rws'))).toMatch(/50 µs/);
    expect(text.split('\n').find((l) => l.trimStart().startsWith('caddy'))).toMatch(/100 µs/);
    expect(text).toContain('target: rws ≥ 1.50 × caddy: 2.000 → met; by CPU per request 2.00');
  });
});

describe('latency and memory reports', () => {
  const fixed = (p50: number, p99: number) => ({ requests: 1000, errors: 0, achievedRate: 1000, p50, p90: p99, p99, p999: p99, max: p99 });

  it('shows the latency a proxy adds to direct, and whether the p99 target is met', () => {
    const text = renderTable({
      kind: 'latency',
      title: 'latency',
      detail: '',
      baseline: 'direct',
      goal: { contestant: 'rws', underMs: 1 },
      notes: [],
      results: [
        { name: 'rws', outcome: { kind: 'measured', rounds: [fixed(0.5, 1.2), fixed(0.6, 1.4), fixed(0.5, 1.3)] } },
        { name: 'direct', outcome: { kind: 'measured', rounds: [fixed(0.2, 0.6), fixed(0.2, 0.7), fixed(0.2, 0.6)] } },
      ],
    });
    const rws = text.split('\n').find((l) => l.trimStart().startsWith('rws')) ?? '';
    // p99 median 1.30 − 0.60 = +0.70 ms added
    expect(rws).toMatch(/\+0\.30 ms\s+\+0\.70 ms/);
    expect(text).toContain('target: rws p99 − direct p99 < 1 ms: 0.70 ms → met');
  });

  it('shows the memory per idle connection', () => {
    const text = renderTable({
      kind: 'memory',
      title: 'memory',
      detail: '',
      notes: [],
      results: [
        { name: 'rws', outcome: { kind: 'measured', rounds: [{ beforeKiB: 100 * 1024, withKiB: 100 * 1024 + 200_000, connections: 10_000 }] } },
        { name: 'caddy', outcome: { kind: 'skipped', reason: 'caddy is not installed' } },
      ],
    });
    expect(text).toMatch(/rws\s+100 MiB\s+295 MiB\s+195 MiB\s+10,000\s+20\.0 KiB/);
    expect(text).toContain('[1] caddy skipped: caddy is not installed');
  });
});
