/**
 * The command list. Invariant: commands only glue the compiler and the runtime together and talk to the user;
 * they hold no language or server logic of their own.
 */
import { Command } from 'commander';
import { caCommand, trustCommand } from './commands/ca.ts';
import { explainCommand } from './commands/explain.ts';
import { fmtCommand } from './commands/fmt.ts';
import { lspCommand } from './commands/lsp.ts';
import { planCommand } from './commands/plan.ts';
import { reloadCommand } from './commands/reload.ts';
import { runCommand } from './commands/run.ts';
import { upstreamsCommand } from './commands/upstreams.ts';
import { validateCommand } from './commands/validate.ts';
import { version } from './version.ts';

export function program(): Command {
  const cmd = new Command('rws')
    .description('rws: a web server and reverse proxy configured by a checked Rwsfile')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run `rws --help` for usage)')
    .enablePositionalOptions();
  for (const sub of [runCommand(), validateCommand(), fmtCommand(), planCommand(), explainCommand(), reloadCommand(), upstreamsCommand(), lspCommand(), caCommand(), trustCommand()]) {
    cmd.addCommand(sub);
  }
  return cmd;
}
