/**
 * The names the extension shares with others: the server's executeCommand commands (lsp/features/commands.ts)
 * and the palette commands of package.json. vscode-languageclient registers every server command as a VS Code
 * command of the same name, so the palette commands must use other names.
 */
export const SERVER_COMMANDS = { showPlan: 'rws.showPlan', explainRequest: 'rws.explainRequest' } as const;

export const CLIENT_COMMANDS = { showPlan: 'rws.client.showPlan', explain: 'rws.client.explain', restartServer: 'rws.client.restartServer' } as const;

/** What the server answers to its commands. */
export type CommandResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };
