/**
 * The palette commands: "rws: Show compiled plan" and "rws: Explain request". Both run the server's
 * executeCommand (`rws.showPlan`, `rws.explainRequest`) on the active Rwsfile and open the answer beside it.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from './client.ts';
import { CLIENT_COMMANDS, SERVER_COMMANDS, type CommandResult } from './protocol.ts';
import { parseRequestLine } from './request-line.ts';

function activeRwsfile(): vscode.TextDocument | null {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc === undefined || doc.languageId !== LANGUAGE_ID) {
    void vscode.window.showErrorMessage('rws: open an Rwsfile first.');
    return null;
  }
  return doc;
}

async function run(client: LanguageClient | null, command: string, doc: vscode.TextDocument, extra: unknown[], output: vscode.LogOutputChannel): Promise<string | null> {
  if (client === null || !client.isRunning()) {
    void vscode.window.showErrorMessage('rws: the language server is not running (see Output › rws).');
    return null;
  }
  const uri = client.code2ProtocolConverter.asUri(doc.uri);
  const result = (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [uri, ...extra] })) as CommandResult | null;
  if (result === null || typeof result !== 'object') {
    void vscode.window.showErrorMessage(`rws: ${command} gave no answer.`);
    return null;
  }
  if (!result.ok) {
    output.appendLine(result.error);
    void vscode.window.showErrorMessage(`rws: ${result.error.split('\n')[0]}`);
    return null;
  }
  return result.text;
}

async function showBeside(content: string, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | null, output: vscode.LogOutputChannel, restart: () => Promise<void>): void {
  const lastRequest = 'rws.lastExplainedRequest';
  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_COMMANDS.showPlan, async () => {
      const doc = activeRwsfile();
      if (doc === null) return;
      const text = await run(client(), SERVER_COMMANDS.showPlan, doc, [], output);
      if (text !== null) await showBeside(text, 'json');
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.explain, async () => {
      const doc = activeRwsfile();
      if (doc === null) return;
      const input = await vscode.window.showInputBox({
        title: 'rws: Explain request',
        prompt: 'A request: a URL or a path, optionally after a method',
        placeHolder: 'GET http://localhost:8080/api/users',
        value: context.workspaceState.get<string>(lastRequest, 'GET /'),
        validateInput: (v) => (parseRequestLine(v) === null ? 'write `METHOD URL` or just a URL' : null),
      });
      const request = input === undefined ? null : parseRequestLine(input);
      if (request === null) return;
      await context.workspaceState.update(lastRequest, input);
      const text = await run(client(), SERVER_COMMANDS.explainRequest, doc, [request], output);
      if (text !== null) await showBeside(text, 'plaintext');
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, restart),
  );
}
