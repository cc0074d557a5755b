/**
 * The rws extension: Rwsfile highlighting and language configuration come from package.json (the grammar is
 * generated in grammar/); this starts the language server and registers the palette commands.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient, findServer } from './client.ts';
import { registerCommands } from './commands.ts';

let client: LanguageClient | null = null;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('rws', { log: true });
  context.subscriptions.push(output);

  const start = async (): Promise<void> => {
    const launch = findServer(context);
    if (launch === null) {
      output.appendLine('no rws language server found: set rws.server.path, or install rws (npm install rws)');
      const choice = await vscode.window.showWarningMessage('rws: no language server found (highlighting still works).', 'Open Settings');
      if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'rws.server');
      return;
    }
    client = createClient(launch, output);
    try {
      await client.start();
    } catch (e) {
      output.appendLine(`the rws language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage('rws: the language server did not start (see Output › rws).');
    }
  };
  const restart = async (): Promise<void> => {
    const old = client;
    client = null;
    if (old !== null) await old.stop().catch(() => undefined);
    await start();
  };

  registerCommands(context, () => client, output, restart);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rws.server')) void restart();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  const old = client;
  client = null;
  if (old !== null) await old.stop();
}
