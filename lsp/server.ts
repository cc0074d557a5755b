/**
 * The language server: the LSP adapter at the edge. It keeps the workspace in step with the client's
 * buffers, converts positions to offsets and back, and hands each request to its feature (one file per
 * feature in features/), giving it the document state the feature needs (parsed or checked).
 *
 * Invariant: only this file speaks LSP to the connection; features are functions of syntax trees and
 * analyses; no request handler throws (an internal error answers null and is logged to the client).
 */
import {
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type Location,
  type Position,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../compiler/diagnostics/diagnostic.ts';
import type { Document } from '../compiler/syntax/ast.ts';
import { version } from '../cli/version.ts';
import { DiagnosticsScheduler } from './diagnostics-scheduler.ts';
import { codeActions } from './features/code-actions.ts';
import { COMMANDS, explainRequest, showPlan, type ExplainArgs } from './features/commands.ts';
import { completion } from './features/completion.ts';
import { toLspDiagnostic } from './features/diagnostics.ts';
import { documentSymbols } from './features/document-symbols.ts';
import { foldingRanges } from './features/folding-ranges.ts';
import { formatDocument, formatRange } from './features/formatting.ts';
import { hover } from './features/hover.ts';
import { definition, highlights, importedFiles, prepareRename, references, rename } from './features/navigation.ts';
import { semanticTokens } from './features/semantic-tokens.ts';
import { SEMANTIC_TOKENS_LEGEND } from './features/semantic-tokens-legend.ts';
import { signatureHelp } from './features/signature-help.ts';
import { declaredPools } from './symbols/pools.ts';
import { symbolsOf } from './symbols/symbol-index.ts';
import type { Analysis } from './workspace/analysis.ts';
import { UriMap } from './workspace/paths.ts';
import { offsetAt, rangeOf } from './workspace/positions.ts';
import { Workspace } from './workspace/workspace.ts';

export interface ServerOptions {
  /** Milliseconds of quiet after an edit before diagnostics are computed (default 20; `initializationOptions.debounceMs` overrides). */
  readonly debounceMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_DEBOUNCE_MS = 20;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const workspace = new Workspace(options.env ?? process.env);
  const uris = new UriMap();
  const documents = new TextDocuments(TextDocument);
  const scheduler = new DiagnosticsScheduler(
    workspace,
    (path, docVersion, diagnostics, textOf) => {
      const locate = locator(uris, textOf);
      void connection.sendDiagnostics({
        uri: uris.uri(path),
        ...(docVersion === undefined ? {} : { version: docVersion }),
        diagnostics: diagnostics.map((d) => toLspDiagnostic(d, locate, (path) => uris.uri(path))),
      });
    },
    options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    (e) => connection.console.error(`rws: diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );

  connection.onInitialize((params): InitializeResult => {
    const init = params.initializationOptions as { debounceMs?: unknown } | undefined;
    if (typeof init?.debounceMs === 'number') scheduler.debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['{', '@', '.', '/', '$'] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: [' '] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [...COMMANDS] },
      },
      serverInfo: { name: 'rws', version: version() },
    };
  });

  documents.onDidChangeContent(({ document }) => {
    const path = uris.path(document.uri);
    if (workspace.document(path) === undefined) workspace.open(path, document.getText(), document.version);
    else workspace.change(path, document.getText(), document.version);
    scheduler.schedule();
  });
  documents.onDidClose(({ document }) => {
    workspace.close(uris.path(document.uri));
    scheduler.schedule();
  });
  connection.onDidChangeWatchedFiles(() => {
    workspace.touch();
    scheduler.schedule();
  });
  documents.listen(connection);
  connection.onShutdown(() => scheduler.dispose());

  /** The parsed state of a document and the offset of a position in it. */
  const at = (uri: string, position: Position): { path: string; doc: Document; offset: number } | null => {
    const path = uris.path(uri);
    const doc = workspace.tree(path);
    return doc === null ? null : { path, doc, offset: offsetAt(doc.file.text, position) };
  };
  const locateIn = (analysis: Analysis) => locator(uris, (p) => analysis.file(p)?.text ?? workspace.readFile(p));
  const safely =
    <P, R>(name: string, fn: (params: P) => R) =>
    (params: P): R | null => {
      try {
        return fn(params);
      } catch (e) {
        connection.console.error(`rws: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return null;
      }
    };

  connection.onCompletion(
    safely('completion', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return [];
      return completion({
        doc: here.doc,
        offset: here.offset,
        snippets: () => workspace.analysis(here.path).result.expanded?.snippets.map((s) => s.name) ?? [],
        env: () => workspace.env,
        pools: () => declaredPools(workspace.analysis(here.path)).map((p) => p.name),
      });
    }),
  );
  connection.onHover(
    safely('hover', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return null;
      return hover({
        doc: here.doc,
        offset: here.offset,
        analysis: () => workspace.analysis(here.path),
        symbols: () => symbolsOf(workspace.analysis(here.path)),
        env: workspace.env,
      });
    }),
  );
  connection.onSignatureHelp(
    safely('signature help', (p) => {
      const here = at(p.textDocument.uri, p.position);
      return here === null ? null : signatureHelp(here.doc, here.offset);
    }),
  );
  connection.onDefinition(
    safely('definition', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return null;
      const analysis = workspace.analysis(here.path);
      const symbols = definition(symbolsOf(analysis), here.path, here.offset, locateIn(analysis));
      return symbols.length > 0 ? symbols : importedFiles(here.doc, here.offset, analysis.result.files.map((f) => f.path), locateIn(analysis));
    }),
  );
  connection.onReferences(
    safely('references', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return null;
      const analysis = workspace.analysis(here.path);
      return references(symbolsOf(analysis), here.path, here.offset, p.context.includeDeclaration, locateIn(analysis));
    }),
  );
  connection.onDocumentHighlight(
    safely('highlight', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return null;
      const analysis = workspace.analysis(here.path);
      return highlights(symbolsOf(analysis), here.path, here.offset, locateIn(analysis));
    }),
  );
  connection.onPrepareRename(
    safely('prepare rename', (p) => {
      const here = at(p.textDocument.uri, p.position);
      if (here === null) return null;
      const analysis = workspace.analysis(here.path);
      return prepareRename(symbolsOf(analysis), here.path, here.offset, locateIn(analysis));
    }),
  );
  connection.onRenameRequest((p) => {
    const here = at(p.textDocument.uri, p.position);
    if (here === null) return null;
    const analysis = workspace.analysis(here.path);
    const result = rename(symbolsOf(analysis), here.path, here.offset, p.newName, locateIn(analysis), (path) => uris.uri(path));
    if (result.kind === 'invalid') throw new Error(result.message);
    return result.kind === 'edit' ? result.edit : null;
  });
  connection.onDocumentSymbol(
    safely('document symbols', (p) => {
      const doc = workspace.tree(uris.path(p.textDocument.uri));
      return doc === null ? [] : documentSymbols(doc);
    }),
  );
  connection.onFoldingRanges(
    safely('folding ranges', (p) => {
      const doc = workspace.tree(uris.path(p.textDocument.uri));
      return doc === null ? [] : foldingRanges(doc);
    }),
  );
  connection.languages.semanticTokens.on(
    safely('semantic tokens', (p) => {
      const doc = workspace.tree(uris.path(p.textDocument.uri));
      return doc === null ? { data: [] } : semanticTokens(doc);
    }),
  );
  connection.onDocumentFormatting(
    safely('formatting', (p) => {
      const path = uris.path(p.textDocument.uri);
      const text = workspace.readFile(path);
      return text === null ? [] : formatDocument(path, text);
    }),
  );
  connection.onDocumentRangeFormatting(
    safely('range formatting', (p) => {
      const path = uris.path(p.textDocument.uri);
      const text = workspace.readFile(path);
      return text === null ? [] : formatRange(path, text, offsetAt(text, p.range.start), offsetAt(text, p.range.end));
    }),
  );
  connection.onCodeAction(
    safely('code actions', (p) => {
      const path = uris.path(p.textDocument.uri);
      return codeActions(p.context.diagnostics, locateIn(workspace.analysis(path)));
    }),
  );
  connection.onExecuteCommand(
    safely('command', (p) => {
      const [uri, args] = (p.arguments ?? []) as [string | undefined, ExplainArgs | undefined];
      if (typeof uri !== 'string') return { ok: false, error: 'the first argument must be the URI of an Rwsfile' };
      const analysis = workspace.analysis(uris.path(uri));
      switch (p.command) {
        case 'rws.showPlan':
          return showPlan(analysis);
        case 'rws.explainRequest':
          return args === undefined || typeof args.url !== 'string' ? { ok: false, error: 'pass { url } as the second argument' } : explainRequest(analysis, args);
        default:
          return { ok: false, error: `unknown command ${p.command}` };
      }
    }),
  );
  connection.listen();
}

/** Span of any file → location, with the file's text as the analysis read it. */
function locator(uris: UriMap, textOf: (path: string) => string | null): (span: Span) => Location | null {
  return (span) => {
    const text = textOf(span.file);
    return text === null ? null : { uri: uris.uri(span.file), range: rangeOf(text, span.start, span.end) };
  };
}
