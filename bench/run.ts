/**
 * The benchmark harness: `node bench/run.ts [--only static,proxy] [--duration 10s] [--rounds 3] ...`
 * (or `npm run bench -- ...`). Runs rws and its peers side by side on loopback, alternating contestants
 * round by round, and prints medians, spreads and ratios. Never part of `npm test`; installs nothing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnv } from './bench-env.ts';
import { type BinaryName, binaryVersion, findBinaries, missingAdvice } from './binaries.ts';
import { Children } from './children.ts';
import { guardProcesses } from './lifecycle.ts';
import { type BenchOptions, USAGE, parseOptions } from './options.ts';
import { choosePinning, describePinning } from './pinning.ts';
import { renderTable } from './report.ts';
import type { ScenarioReport } from './results.ts';
import { SCENARIOS } from './scenarios/index.ts';

const say = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseOptions(argv);
  if (parsed.kind === 'error') {
    process.stderr.write(`bench: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const binaries = findBinaries();
  const scenarios = options.only.map((name) => SCENARIOS[name]);
  const needed = [...new Set(scenarios.flatMap((s) => s.needs))];
  const missing = needed.filter((b) => binaries[b] === null);
  const advice = missingAdvice(missing);
  if (advice !== null) process.stderr.write(`bench: ${advice}\n`);
  if (binaries.wrk === null && scenarios.some((s) => s.needs.includes('wrk'))) {
    process.stderr.write('bench: wrk is the load generator: nothing but `--only compile` can run without it\n');
    return 1;
  }

  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const localNode = join(repoRoot, 'node_modules', '.bin', 'node');
  const pinning = choosePinning(binaries.taskset);
  const children = new Children();
  const tmpDir = mkdtempSync(join(tmpdir(), 'rws-bench-'));
  const lifecycle = guardProcesses(children, tmpDir, timeBudgetMs(options, scenarios.map((s) => s.series)), say);
  const env: BenchEnv = {
    options,
    children,
    pinning,
    binaries,
    node: existsSync(localNode) ? localNode : process.execPath,
    repoRoot,
    tmpDir,
    progress: say,
  };

  const header = describeRun(env, needed);
  process.stdout.write(`${header.join('\n')}\n\n`);

  const reports: ScenarioReport[] = [];
  const failures: { scenario: string; reason: string }[] = [];
  try {
    for (const scenario of scenarios) {
      say(`${scenario.name}: ${scenario.summary}`);
      try {
        const report = await scenario.run(env);
        reports.push(report);
        for (const table of report.tables) process.stdout.write(`${renderTable(table)}\n\n`);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        failures.push({ scenario: scenario.name, reason });
        process.stdout.write(`== ${scenario.name}: failed\n   ${reason.split('\n').join('\n   ')}\n\n`);
      }
    }
  } finally {
    await lifecycle.close();
  }

  process.stdout.write(
    'How to read this: req/s and latencies are medians over rounds; "spread" is ± half the min–max range of the\n' +
      'rounds; a ratio is median ÷ median with the per-round ratios in brackets. Differences inside the spread are noise.\n',
  );
  if (options.json !== null) {
    writeFileSync(options.json, `${JSON.stringify({ header, options, pinning: env.pinning, reports, failures }, null, 2)}\n`);
    say(`raw figures written to ${options.json}`);
  }
  return failures.length === 0 ? 0 : 1;
}

function describeRun(env: BenchEnv, needed: readonly BinaryName[]): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const versions = needed.map((b) => binaryVersion(b, env.binaries[b]) ?? `${b} (not installed)`);
  return [
    `rws bench · ${new Date().toISOString()} · node ${process.versions.node} · ${availableParallelism()} × ${cpu}`,
    `pinning: ${describePinning(env.pinning)}`,
    `peers: ${versions.length > 0 ? versions.join(', ') : 'none needed'}`,
    `options: --only ${env.options.only.join(',')} --duration ${env.options.durationSec}s --warmup ${env.options.warmupSec}s --rounds ${env.options.rounds} --connections ${env.options.connections} --threads ${env.options.threads} --sites ${env.options.sites}`,
  ];
}

/** Generous upper bound on the whole run; past it the harness stops everything and exits 1. */
function timeBudgetMs(options: BenchOptions, series: readonly number[]): number {
  const perSeriesSec = options.warmupSec + options.rounds * (options.durationSec + 5) + 10;
  const total = series.reduce((n, s) => n + s, 0);
  return (total * perSeriesSec + 600) * 2 * 1000;
}

process.exitCode = await main(process.argv.slice(2));
