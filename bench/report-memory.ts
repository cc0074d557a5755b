/** The memory table: RSS before and with N idle keep-alive connections, and the cost per connection. */
import type { MemoryTable } from './results.ts';
import { fmtInt, grid, indent } from './report.ts';
import { median } from './stats.ts';

export function renderMemory(t: MemoryTable): string {
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
    const before = median(o.rounds.map((x) => x.beforeKiB));
    const withConns = median(o.rounds.map((x) => x.withKiB));
    const connections = median(o.rounds.map((x) => x.connections));
    const perConn = o.rounds.map((x) => (x.withKiB - x.beforeKiB) / x.connections);
    rows.push([
      r.name,
      `${fmtInt(before / 1024)} MiB`,
      `${fmtInt(withConns / 1024)} MiB`,
      `${fmtInt((withConns - before) / 1024)} MiB`,
      fmtInt(connections),
      `${median(perConn).toFixed(1)} KiB`,
      perConn.map((x) => x.toFixed(1)).join(' '),
    ]);
  }
  const header = ['contestant', 'RSS before', 'RSS with', 'delta', 'connections', 'per connection', 'rounds (KiB)'];
  const lines = [`== ${t.title}`, `   ${t.detail}`, ...grid(header, rows).map((l) => `   ${l}`)];
  for (const n of t.notes) lines.push(`   note: ${n}`);
  for (const f of footnotes) lines.push(...indent(f));
  return lines.join('\n');
}
