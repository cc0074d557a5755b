import { describe, expect, it } from 'vitest';
import { parseOptions, parseSeconds } from '../options.ts';

describe('options', () => {
  it('defaults to every scenario, 10 s, 3 rounds, 50 connections', () => {
    const r = parseOptions([]);
    expect(r).toMatchObject({
      kind: 'ok',
      options: { only: ['compile', 'routing', 'static', 'proxy', 'latency', 'memory', 'cluster', 'tls'], durationSec: 10, rounds: 3, connections: 50, contestants: null, rate: 1000, idleConnections: 10000, json: null },
    });
  });

  it('takes --only in canonical order, and the documented flags', () => {
    const r = parseOptions(['--only', 'proxy,static', '--duration', '1m30s', '--rounds', '5', '--connections', '20', '--json', 'out.json', '--rate', '500', '--idle-connections', '2000', '--contestants', 'rws, direct']);
    expect(r).toMatchObject({ kind: 'ok', options: { only: ['static', 'proxy'], durationSec: 90, rounds: 5, connections: 20, json: 'out.json', rate: 500, idleConnections: 2000, contestants: ['rws', 'direct'] } });
  });

  it('explains what is wrong instead of throwing', () => {
    expect(parseOptions(['--only', 'static,prxy'])).toEqual({
      kind: 'error',
      message: '--only: unknown scenario "prxy" (known: compile, routing, static, proxy, latency, memory, cluster, tls)',
    });
    expect(parseOptions(['--rounds', 'three'])).toEqual({ kind: 'error', message: '--rounds: "three" is not a whole number' });
    expect(parseOptions(['--bogus']).kind).toBe('error');
  });

  it('reads durations in wrk-sized whole seconds', () => {
    expect(parseSeconds('--duration', '10s', 1)).toBe(10);
    expect(parseSeconds('--duration', '2500ms', 1)).toBe(3);
    expect(parseSeconds('--duration', '7', 1)).toBe(7);
    expect(parseSeconds('--warmup', '0', 0)).toBe(0);
    expect(parseSeconds('--duration', '0s', 1)).toBe('--duration: must be at least 1s');
    expect(parseSeconds('--duration', '10 parsecs', 1)).toMatch(/is not a duration/);
  });
});
