/**
 * The extension's contracts with the rest of rws: its palette commands are the ones it registers, the server
 * commands it sends are the ones the language server runs, and the default server arguments start the CLI's
 * `lsp` command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lspCommand } from '../../cli/commands/lsp.ts';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../../editors/vscode/src/protocol.ts';
import { parseRequestLine } from '../../editors/vscode/src/request-line.ts';
import { COMMANDS, type ExplainArgs } from '../../lsp/features/commands.ts';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'editors', 'vscode', 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    menus: { commandPalette: { command: string }[] };
    configuration: { properties: Record<string, { default: unknown }> };
  };
};

describe('VS Code extension contracts', () => {
  it('contributes exactly the commands it registers', () => {
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(Object.values(CLIENT_COMMANDS).sort());
    for (const { command } of manifest.contributes.menus.commandPalette) expect(Object.values(CLIENT_COMMANDS)).toContain(command);
  });

  it('sends only commands the language server runs, and never reuses their names (the client registers those itself)', () => {
    const server: readonly string[] = COMMANDS;
    for (const name of Object.values(SERVER_COMMANDS)) expect(server).toContain(name);
    for (const name of Object.values(CLIENT_COMMANDS)) expect(server).not.toContain(name);
  });

  it('passes the explain request in the shape the server reads', () => {
    const args: ExplainArgs = parseRequestLine('POST /api')!;
    expect(args).toEqual({ method: 'POST', url: '/api' });
  });

  it('starts the CLI `lsp` command over stdio by default', () => {
    const args = manifest.contributes.configuration.properties['rws.server.args'].default as string[];
    expect(args).toEqual(['lsp', '--stdio']);
    const command = lspCommand();
    expect(command.name()).toBe(args[0]);
    expect(command.options.map((o) => o.long)).toContain(args[1]);
  });
});
