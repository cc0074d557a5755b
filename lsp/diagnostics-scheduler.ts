/**
 * Diagnostics as the user types: every edit restarts a short debounce; when it fires, the roots of the open
 * files are compiled and each file gets the diagnostics of the root it belongs to. A newer edit cancels the
 * work still queued for an older one (the check between roots), and every publish carries the version of the
 * buffer it was computed from.
 *
 * Invariant: a file's diagnostics come from exactly one root (Workspace.rootOf); files that had diagnostics
 * and no longer do get an empty list.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.ts';
import type { Workspace } from './workspace/workspace.ts';

export type Publish = (path: string, version: number | undefined, diagnostics: readonly Diagnostic[], analysisText: (path: string) => string | null) => void;

export class DiagnosticsScheduler {
  readonly #workspace: Workspace;
  readonly #publish: Publish;
  readonly #onError: (e: unknown) => void;
  #debounceMs: number;
  #timer: NodeJS.Timeout | null = null;
  #published = new Set<string>();
  /** Bumped by every schedule(): a run that sees a newer value stops. */
  #ticket = 0;

  constructor(workspace: Workspace, publish: Publish, debounceMs: number, onError: (e: unknown) => void) {
    this.#workspace = workspace;
    this.#publish = publish;
    this.#debounceMs = debounceMs;
    this.#onError = onError;
  }

  set debounceMs(ms: number) {
    this.#debounceMs = Math.max(0, ms);
  }

  schedule(): void {
    const ticket = ++this.#ticket;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#run(ticket).catch(this.#onError);
    }, this.#debounceMs);
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#ticket++;
  }

  async #run(ticket: number): Promise<void> {
    const ws = this.#workspace;
    const roots = new Set<string>();
    for (const doc of ws.openDocuments()) roots.add(ws.rootOf(doc.path));
    /** Files published by this run that may need clearing later (open, or with diagnostics). */
    const published = new Set<string>();
    const seen = new Set<string>();
    let first = true;
    for (const root of roots) {
      // Between roots, let queued edits in: if one arrived, this run is stale and a newer one is scheduled.
      if (!first) await new Promise((resolve) => setImmediate(resolve));
      first = false;
      if (ticket !== this.#ticket) return;
      const analysis = ws.analysis(root);
      const byFile = new Map<string, Diagnostic[]>();
      for (const d of analysis.result.diagnostics) {
        const list = byFile.get(d.span.file);
        if (list === undefined) byFile.set(d.span.file, [d]);
        else list.push(d);
      }
      const text = (path: string): string | null => analysis.file(path)?.text ?? ws.readFile(path);
      for (const file of [root, ...analysis.result.files.map((f) => f.path)]) {
        if (seen.has(file) || (file !== root && ws.rootOf(file) !== root)) continue;
        seen.add(file);
        const diagnostics = byFile.get(file) ?? [];
        const open = ws.document(file) !== undefined;
        if (diagnostics.length === 0 && !open && !this.#published.has(file)) continue;
        this.#publish(file, ws.document(file)?.version, diagnostics, text);
        if (diagnostics.length > 0 || open) published.add(file);
      }
    }
    for (const file of this.#published) {
      if (!seen.has(file)) this.#publish(file, ws.document(file)?.version, [], (p) => ws.readFile(p));
    }
    this.#published = published;
  }
}
