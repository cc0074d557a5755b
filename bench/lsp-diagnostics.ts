/**
 * Language server benchmark: time from a keystroke (didChange) to the diagnostics of that version
 * (publishDiagnostics), on a 5,000-line Rwsfile, driving the real `rws lsp --stdio` over its pipes with the
 * same client library the tests use.
 *
 *   node bench/lsp-diagnostics.ts [--lines 5000] [--edits 30] [--warmup 5]
 *
 * Two runs: with debounce 0 (the work itself: parse, expand, bind, check, plan, transfer) and with the
 * server's default debounce (what an editor sees; the debounce is added on top). Each edit is an incremental
 * change like an editor sends; they alternate between breaking and fixing a directive name in a site in the
 * middle of the file, and changing a string, so the diagnostics really change.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_DEBOUNCE_MS } from '../lsp/server.ts';
import { lspBenchFiles } from './lsp-rwsfile.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'cli', 'rws.ts');

interface Options {
  lines: number;
  edits: number;
  warmup: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { lines: 5000, edits: 30, warmup: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 0) throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''}`);
    options[key] = value;
  }
  return options;
}

interface RunResult {
  readonly debounceMs: number;
  /** Milliseconds from didChange to the matching publishDiagnostics, per measured edit. */
  readonly samples: number[];
  readonly diagnosticCounts: number[];
  /** CPU time (user + system) the server used per measured edit, on average: what the edit costs, whatever the load. */
  readonly cpuMsPerEdit: number | null;
}

async function run(debounceMs: number, options: Options): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rws-lsp-bench-'));
  const { main, snippets } = lspBenchFiles(options.lines);
  writeFileSync(join(dir, 'snippets.rws'), snippets);
  const path = join(dir, 'Rwsfile');
  writeFileSync(path, main);
  const uri = pathToFileURL(path).href;
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
  let stopping = false;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`rws lsp exited early (code ${code}); see its stderr above`);
        process.exit(1);
      }
      r();
    }),
  );
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri || p.version === undefined) return;
    waiting.get(p.version)?.(p);
    waiting.delete(p.version);
  });
  connection.listen();
  const published = (version: number): Promise<PublishDiagnosticsParams> =>
    new Promise((resolvePublish, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 30 s`)), 30_000);
      waiting.set(version, (p) => {
        clearTimeout(timer);
        resolvePublish(p);
      });
    });
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null, initializationOptions: { debounceMs } });
    await connection.sendNotification(InitializedNotification.type, {});
    const opened = published(1);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rwsfile', version: 1, text: main } });
    const first = await opened;
    if (first.diagnostics.length !== 0) throw new Error(`the generated file has diagnostics: ${JSON.stringify(first.diagnostics[0])}`);
    let text = main;
    const samples: number[] = [];
    const diagnosticCounts: number[] = [];
    let cpuBefore: number | null = null;
    for (let i = 0; i < options.warmup + options.edits; i++) {
      if (i === options.warmup) cpuBefore = cpuMs(child.pid);
      const { change, next } = edit(text, i);
      text = next;
      const version = i + 2;
      const done = published(version);
      const start = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      const result = await done;
      const ms = performance.now() - start;
      if (i >= options.warmup) {
        samples.push(ms);
        diagnosticCounts.push(result.diagnostics.length);
      }
    }
    const cpuAfter = cpuMs(child.pid);
    const cpuMsPerEdit = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / options.edits;
    return { debounceMs, samples, diagnosticCounts, cpuMsPerEdit };
  } finally {
    stopping = true;
    await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(kill);
    connection.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Edit i, in the site in the middle of the file: 0 mod 3 breaks `file_server` (one character deleted: an
 * unknown directive), 1 mod 3 types it back, 2 mod 3 types one character into a respond string.
 */
function edit(text: string, i: number): { change: TextDocumentContentChangeEvent; next: string } {
  const middle = text.indexOf('\t\tfile_server\n', text.length >> 1);
  const respond = text.indexOf('" 200', text.length >> 1);
  let at: number;
  let removed: number;
  let inserted: string;
  switch (i % 3) {
    case 0:
      at = middle + 2 + 'file_serve'.length;
      removed = 1;
      inserted = '';
      break;
    case 1:
      at = text.indexOf('\t\tfile_serve\n', text.length >> 1) + 2 + 'file_serve'.length;
      removed = 0;
      inserted = 'r';
      break;
    default:
      at = respond;
      removed = 0;
      inserted = 'x';
  }
  const next = text.slice(0, at) + inserted + text.slice(at + removed);
  const range = { start: positionOf(text, at), end: positionOf(text, at + removed) };
  return { change: { range, text: inserted }, next };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** User + system CPU milliseconds of a process so far (Linux /proc; null elsewhere). */
function cpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function report(label: string, r: RunResult): void {
  const f = (x: number): string => x.toFixed(1).padStart(6);
  const errors = r.diagnosticCounts.filter((c) => c > 0).length;
  console.log(
    `${label.padEnd(36)} median ${f(percentile(r.samples, 50))} ms   p95 ${f(percentile(r.samples, 95))} ms   min ${f(Math.min(...r.samples))} ms   max ${f(Math.max(...r.samples))} ms   server CPU/edit ${r.cpuMsPerEdit === null ? '   n/a' : f(r.cpuMsPerEdit)} ms   (${r.samples.length} edits, ${errors} with an error)`,
  );
}

const options = parseArgs(process.argv.slice(2));
const { main } = lspBenchFiles(options.lines);
console.log(`rws lsp: didChange → publishDiagnostics, ${main.split('\n').length}-line Rwsfile (+ an imported snippets file), ${options.edits} edits after ${options.warmup} warm-up`);
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall-clock figures include waiting for a CPU; the CPU time does not)`);
report('debounce 0 (the work itself)', await run(0, options));
report(`debounce ${DEFAULT_DEBOUNCE_MS} ms (the server default)`, await run(DEFAULT_DEBOUNCE_MS, options));
