import { Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { action, CliError, compileFile, formatDiagnostics, resolveConfigPath, useColor } from '../config-file.ts';

/** `rws plan [file]`: the frozen plan as JSON, exactly what the runtime would interpret. */
export function planCommand(): Command {
  return new Command('plan')
    .description('print the compiled, frozen plan as JSON')
    .argument('[file]', 'Rwsfile (default: ./Rwsfile)')
    .option('--compact', 'one line instead of pretty JSON')
    .action(
      action((file: string | undefined, opts: { compact?: boolean }) => {
        const result = compileFile(resolveConfigPath(file));
        if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, result.files, 'human', useColor(process.stderr)));
        if (result.plan === null || hasErrors(result.diagnostics)) throw new CliError('the file has errors: no plan');
        process.stdout.write(JSON.stringify(result.plan, null, opts.compact === true ? undefined : 2) + '\n');
      }),
    );
}
