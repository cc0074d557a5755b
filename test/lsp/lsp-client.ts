/**
 * A real LSP client for the language server tests: starts `rws lsp --stdio` (the CLI, as editors do) and talks
 * to it with vscode-languageserver-protocol over the child's stdin/stdout. Cursor positions in test texts are
 * marked inline with `<|>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type Location,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll } from 'vitest';
import { CLI, REPO } from '../support/rws-process.ts';

export interface Marked {
  readonly text: string;
  /** One position per `<|>`, in order. */
  readonly positions: Position[];
}

/** Remove every `<|>` and return the positions where they were. */
export function marked(source: string): Marked {
  const positions: Position[] = [];
  let text = '';
  let rest = source;
  for (let i = rest.indexOf('<|>'); i !== -1; i = rest.indexOf('<|>')) {
    text += rest.slice(0, i);
    rest = rest.slice(i + 3);
    const lines = text.split('\n');
    positions.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
  }
  return { text: text + rest, positions };
}

export interface StartOptions {
  readonly env?: Record<string, string>;
  readonly debounceMs?: number;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly dir: string;
  initializeResult: InitializeResult | null = null;
  readonly #published = new Map<string, PublishDiagnosticsParams[]>();
  #waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly #versions = new Map<string, number>();
  readonly exited: Promise<void>;

  private constructor(child: ChildProcess, dir: string) {
    this.child = child;
    this.dir = dir;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.#published.get(p.uri) ?? [];
      list.push(p);
      this.#published.set(p.uri, list);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const dir = mkdtempSync(join(tmpdir(), 'rws-lsp-'));
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Node's compile cache keeps the type-stripped modules between the servers the tests start (content-keyed).
      env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: join(tmpdir(), 'rws-lsp-test-compile-cache'), ...options.env },
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const client = new LspClient(child, dir);
    const died = client.exited.then(() => {
      throw new Error(`rws lsp exited before answering initialize:\n${stderr}`);
    });
    client.initializeResult = await Promise.race([died, client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      workspaceFolders: null,
      initializationOptions: { debounceMs: options.debounceMs ?? 0 },
    })]);
    died.catch(() => undefined);
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Write a file under the client's temporary folder (not opened). */
  write(relPath: string, text: string): string {
    const path = join(this.dir, relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  uri(relPath: string): string {
    return pathToFileURL(join(this.dir, relPath)).href;
  }

  /** Open a document (written to disk too, so imports of it resolve either way) and wait for its diagnostics. */
  async open(relPath: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    this.write(relPath, text);
    const uri = this.uri(relPath);
    this.#versions.set(uri, 1);
    const published = this.waitDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rwsfile', version: 1, text } });
    return { uri, diagnostics: (await published).diagnostics };
  }

  /** Replace a document's text (full change) and wait for the diagnostics of the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.#versions.get(uri) ?? 0) + 1;
    this.#versions.set(uri, version);
    const published = this.waitDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await published).diagnostics;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The next diagnostics for `uri` (with `version`, when given); bounded by a timeout. */
  waitDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams): boolean => p.uri === uri && (version === undefined || p.version === version);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version ?? '?'} within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Everything published so far for a URI. */
  published(uri: string): readonly PublishDiagnosticsParams[] {
    return this.#published.get(uri) ?? [];
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server may already be gone
    }
    const killed = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(killed);
    this.connection.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One server for a test file: started before its tests, stopped after them (`server.client` in the tests). */
export function serverPerFile(options?: StartOptions): { readonly client: LspClient } {
  let client: LspClient | null = null;
  beforeAll(async () => {
    client = await LspClient.start(options);
  });
  afterAll(async () => {
    await client?.stop();
  });
  return {
    get client(): LspClient {
      if (client === null) throw new Error('the language server is not started yet (use it inside a test)');
      return client;
    },
  };
}

/** `file:line:col-endCol` of a location (1-based), the short form the navigation tests compare. */
export function locationText(l: Location): string {
  return `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.character + 1}`;
}

export { REPO };
