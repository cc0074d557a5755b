import { Command } from 'commander';
import { action, resolveConfigPath } from '../config-file.ts';
import { serve } from '../serve.ts';

/** `rws run [file] [--watch]`: compile, serve, reload on SIGHUP / admin / file changes, drain on SIGTERM. */
export function runCommand(): Command {
  return new Command('run')
    .description('compile an Rwsfile and serve it (SIGHUP or `rws reload` reloads; SIGTERM drains and exits)')
    .argument('[file]', 'Rwsfile (default: ./Rwsfile)')
    .option('--watch', 'reload when the Rwsfile or a file it imports changes')
    .action(
      action(async (file: string | undefined, opts: { watch?: boolean }) => {
        await serve(resolveConfigPath(file), { watch: opts.watch === true });
      }),
    );
}
