/**
 * The language client: starts the rws language server (`rws lsp --stdio`) found by server-command.ts and
 * connects it to the Rwsfile documents of the window.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { describeLaunch, resolveServer, type ServerLaunch } from './server-command.ts';

export const LANGUAGE_ID = 'rwsfile';

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findServer(context: vscode.ExtensionContext): ServerLaunch | null {
  const config = vscode.workspace.getConfiguration('rws.server');
  return resolveServer({
    settingPath: config.get<string>('path', ''),
    args: config.get<string[]>('args', ['lsp', '--stdio']),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    pathEnv: process.env.PATH ?? '',
    platform: process.platform,
    bundledServer: join(context.extensionPath, 'dist', 'server.mjs'),
    isFile,
  });
}

function serverOptions(launch: ServerLaunch): ServerOptions {
  switch (launch.kind) {
    case 'executable':
      return { command: launch.command, args: [...launch.args], transport: TransportKind.stdio, options: { shell: launch.shell } };
    case 'bundled':
      return { module: launch.module, args: [...launch.args], transport: TransportKind.stdio };
    default:
      return unreachable(launch);
  }
}

export function createClient(launch: ServerLaunch, output: vscode.LogOutputChannel): LanguageClient {
  output.appendLine(`starting the rws language server: ${describeLaunch(launch)}`);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    outputChannel: output,
    // Imported files change what a site means: the server re-checks when any Rwsfile on disk changes.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{Rwsfile,Rwsfile.*,*.rws}') },
  };
  return new LanguageClient('rws', 'rws language server', serverOptions(launch), clientOptions);
}

function unreachable(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
