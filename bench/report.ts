/**
 * Rendering results as plain-text tables. Every figure is a median over rounds; next to it the spread and
 * each round's value, so the reader can see how much of a difference is noise.
 */
import { assertNever } from './assert-never.ts';
import type { CompileTable, ContestantResult, LoadTable, Table } from './results.ts';
import { renderLatency } from './report-latency.ts';
import { renderMemory } from './report-memory.ts';
import { median, ratioOf, spreadPct } from './stats.ts';

/** Above this spread (± % of the median) a row is flagged as noisy. */
export const NOISY_PCT = 5;

export function renderTable(table: Table): string {
  switch (table.kind) {
    case 'load':
      return renderLoad(table);
    case 'compile':
      return renderCompile(table);
    case 'latency':
      return renderLatency(table);
    case 'memory':
      return renderMemory(table);
    default:
      return assertNever(table);
  }
}

function renderLoad(t: LoadTable): string {
  const rows: string[][] = [];
  const footnotes: string[] = [];
  const rpsOf = new Map<string, number[]>();
  for (const r of t.results) if (r.outcome.kind === 'measured') rpsOf.set(r.name, r.outcome.rounds.map((x) => x.requestsPerSec));
  const cpuOf = cpuPerRequest(t);
  const cpuColumn = cpuOf.size > 0 ? ['CPU/req'] : [];
  const header = ['contestant', 'req/s', 'spread', 'rounds (req/s)', 'p50', 'p99', ...cpuColumn, ...t.baselines.map((b) => `vs ${b}`), 'errors'];

  for (const r of t.results) {
    const outcome = r.outcome;
    switch (outcome.kind) {
      case 'measured': {
        const rps = rpsOf.get(r.name) ?? [];
        const spread = spreadPct(rps);
        const errors = outcome.rounds.reduce(
          (n, x) => n + x.errors.connect + x.errors.read + x.errors.write + x.errors.status + x.errors.timeout,
          0,
        );
        const ratios = t.baselines.map((b) => {
          const base = rpsOf.get(b);
          if (base === undefined) return '—';
          if (b === r.name) return '1.00';
          const q = ratioOf(rps, base);
          return rps.length > 1 ? `${q.ratio.toFixed(2)} (${q.low.toFixed(2)}–${q.high.toFixed(2)})` : q.ratio.toFixed(2);
        });
        rows.push([
          r.name,
          fmtInt(median(rps)),
          `±${spread.toFixed(1)}%${spread > NOISY_PCT ? ' noisy' : ''}`,
          rps.map(fmtK).join(' '),
          fmtMs(median(outcome.rounds.map((x) => x.latencyMs.p50))),
          fmtMs(median(outcome.rounds.map((x) => x.latencyMs.p99))),
          ...(cpuOf.size > 0 ? [fmtUs(cpuOf.get(r.name))] : []),
          ...ratios,
          errors === 0 ? '0' : `${errors} (${errorKinds(outcome.rounds)})`,
        ]);
        break;
      }
      case 'failed':
      case 'skipped': {
        const mark = `[${footnotes.length + 1}]`;
        footnotes.push(`${mark} ${r.name} ${outcome.kind}: ${outcome.reason.trim()}`);
        rows.push([r.name, `${outcome.kind} ${mark}`]);
        break;
      }
      default:
        return assertNever(outcome);
    }
  }

  const lines = [`== ${t.title}`, `   ${t.detail}`, ...grid(header, rows).map((l) => `   ${l}`)];
  for (const goal of t.goals) lines.push(`   ${goalLine(goal, rpsOf, cpuOf)}`);
  if (cpuOf.size > 0) lines.push('   CPU/req: CPU time of the server process during the run ÷ requests (median over rounds); less exposed to other load than req/s');
  for (const n of t.notes) lines.push(`   note: ${n}`);
  for (const f of footnotes) lines.push(...indent(f));
  return lines.join('\n');
}

function goalLine(goal: LoadTable['goals'][number], rpsOf: ReadonlyMap<string, number[]>, cpuOf: ReadonlyMap<string, number>): string {
  const c = rpsOf.get(goal.contestant);
  const b = rpsOf.get(goal.baseline);
  const what = `target: ${goal.contestant} ≥ ${goal.atLeast.toFixed(2)} × ${goal.baseline}`;
  if (c === undefined || b === undefined) return `${what}: not measured`;
  const q = ratioOf(c, b);
  const range = c.length > 1 ? ` (rounds ${q.low.toFixed(2)}–${q.high.toFixed(2)})` : '';
  const cc = cpuOf.get(goal.contestant);
  const cb = cpuOf.get(goal.baseline);
  // Efficiency: how many of the contestant's requests fit in the CPU time one of the baseline's takes.
  const byCpu = cc === undefined || cb === undefined ? '' : `; by CPU per request ${(cb / cc).toFixed(2)}`;
  return `${what}: ${q.ratio.toFixed(3)}${range} → ${q.ratio >= goal.atLeast ? 'met' : 'NOT met'}${byCpu}`;
}

/** Median CPU µs per request of each contestant whose rounds carry the server's CPU time. */
function cpuPerRequest(t: LoadTable): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of t.results) {
    if (r.outcome.kind !== 'measured') continue;
    const perRound = r.outcome.rounds.flatMap((x) => (x.serverCpuSec === undefined || x.requests === 0 ? [] : [(x.serverCpuSec * 1e6) / x.requests]));
    if (perRound.length > 0) out.set(r.name, median(perRound));
  }
  return out;
}

function fmtUs(us: number | undefined): string {
  return us === undefined ? '—' : `${us.toFixed(0)} µs`;
}

function errorKinds(rounds: Extract<ContestantResult['outcome'], { kind: 'measured' }>['rounds']): string {
  const sum = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };
  for (const r of rounds) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r.errors[k];
  return (Object.keys(sum) as (keyof typeof sum)[])
    .filter((k) => sum[k] > 0)
    .map((k) => `${k} ${sum[k]}`)
    .join(', ');
}

function renderCompile(t: CompileTable): string {
  const lines = [`== ${t.title}`, `   ${fmtInt(t.sites)} sites, ${fmtBytes(t.sourceBytes)} of Rwsfile, compile({ path, text }) in-process (a worker thread of the harness, not pinned)`];
  const o = t.outcome;
  switch (o.kind) {
    case 'measured': {
      const warm = o.timesMs.length > 1 ? o.timesMs.slice(1) : o.timesMs;
      const m = median(warm);
      lines.push(
        ...grid(
          ['median', 'spread', 'runs (ms)', 'cold 1st run', 'plan JSON', 'diagnostics', `target < ${t.targetMs} ms`],
          [
            [
              `${m.toFixed(0)} ms`,
              `±${spreadPct(warm).toFixed(1)}%`,
              warm.map((x) => x.toFixed(0)).join(' '),
              `${o.timesMs[0].toFixed(0)} ms`,
              fmtBytes(o.planBytes),
              String(o.diagnostics),
              m < t.targetMs ? 'met' : 'NOT met',
            ],
          ],
        ).map((l) => `   ${l}`),
      );
      for (const e of o.errors) lines.push(`   error: ${e}`);
      break;
    }
    case 'failed':
    case 'skipped':
      lines.push(...indent(`${o.kind}: ${o.reason.trim()}`));
      break;
    default:
      return assertNever(o);
  }
  return lines.join('\n');
}

export function grid(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function indent(text: string): string[] {
  return text.split('\n').map((l) => `   ${l}`);
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

function fmtK(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}

export function fmtMs(ms: number): string {
  return Number.isFinite(ms) ? `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms` : '—';
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
