/** The latency table: percentiles at a fixed rate, and what each proxy adds to going straight to the upstream. */
import type { LatencyTable } from './results.ts';
import { fmtInt, fmtMs, grid, indent } from './report.ts';
import { median } from './stats.ts';

export function renderLatency(t: LatencyTable): string {
  const medians = new Map<string, { p50: number; p90: number; p99: number; p999: number }>();
  for (const r of t.results) {
    if (r.outcome.kind !== 'measured') continue;
    const rounds = r.outcome.rounds;
    medians.set(r.name, {
      p50: median(rounds.map((x) => x.p50)),
      p90: median(rounds.map((x) => x.p90)),
      p99: median(rounds.map((x) => x.p99)),
      p999: median(rounds.map((x) => x.p999)),
    });
  }
  const base = medians.get(t.baseline);
  const added = (v: number, b: number | undefined): string => (b === undefined ? '—' : `${v - b >= 0 ? '+' : ''}${fmtMs(v - b)}`);
  const rows: string[][] = [];
  const footnotes: string[] = [];
  for (const r of t.results) {
    const o = r.outcome;
    if (o.kind !== 'measured') {
      const mark = `[${footnotes.length + 1}]`;
      footnotes.push(`${mark} ${r.name} ${o.kind}: ${o.reason.trim()}`);
      rows.push([r.name, `${o.kind} ${mark}`]);
      continue;
    }
    const m = medians.get(r.name)!;
    const errors = o.rounds.reduce((n, x) => n + x.errors, 0);
    rows.push([
      r.name,
      fmtInt(median(o.rounds.map((x) => x.achievedRate))),
      fmtMs(m.p50),
      fmtMs(m.p90),
      fmtMs(m.p99),
      fmtMs(m.p999),
      o.rounds.map((x) => fmtMs(x.p99)).join(' '),
      r.name === t.baseline ? '—' : added(m.p50, base?.p50),
      r.name === t.baseline ? '—' : added(m.p99, base?.p99),
      String(errors),
    ]);
  }
  const header = ['contestant', 'req/s', 'p50', 'p90', 'p99', 'p99.9', 'rounds (p99)', `added p50`, `added p99`, 'errors'];
  const lines = [`== ${t.title}`, `   ${t.detail}`, ...grid(header, rows).map((l) => `   ${l}`)];
  if (t.goal !== null) {
    const c = medians.get(t.goal.contestant);
    const what = `target: ${t.goal.contestant} p99 − ${t.baseline} p99 < ${t.goal.underMs} ms`;
    lines.push(`   ${c === undefined || base === undefined ? `${what}: not measured` : `${what}: ${fmtMs(c.p99 - base.p99)} → ${c.p99 - base.p99 < t.goal.underMs ? 'met' : 'NOT met'}`}`);
  }
  for (const n of t.notes) lines.push(`   note: ${n}`);
  for (const f of footnotes) lines.push(...indent(f));
  return lines.join('\n');
}
