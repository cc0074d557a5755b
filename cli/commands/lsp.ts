import { Command } from 'commander';
import { action } from '../config-file.ts';

/** `rws lsp --stdio`: the language server (lsp/), speaking LSP over stdin/stdout. */
export function lspCommand(): Command {
  return new Command('lsp')
    .description('run the language server (for editors) over stdio')
    .option('--stdio', 'talk LSP over stdin/stdout (the only transport)')
    .action(
      action(async () => {
        const { runStdioServer } = await import('../../lsp/stdio.ts');
        runStdioServer();
      }),
    );
}
