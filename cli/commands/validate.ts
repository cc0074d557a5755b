import { Command, Option } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import type { SourceFile } from '../../compiler/syntax/ast.ts';
import { action, compileFile, formatDiagnostics, resolveConfigPath, useColor } from '../config-file.ts';

/** `rws validate [file...]`: exit 0 when every file compiles without errors (warnings allowed), else 1. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('check Rwsfiles and report every problem (exit 1 on errors)')
    .argument('[files...]', 'Rwsfiles to check (default: ./Rwsfile)')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'))
    .option('--strict', 'treat warnings as errors')
    .action(
      action((files: string[], opts: { format: 'human' | 'json'; strict?: boolean }) => {
        const paths = (files.length > 0 ? files : [undefined]).map(resolveConfigPath);
        const all: Diagnostic[] = [];
        const sources: SourceFile[] = [];
        let failed = false;
        for (const path of paths) {
          const result = compileFile(path);
          all.push(...result.diagnostics);
          sources.push(...result.files);
          if (hasErrors(result.diagnostics) || (opts.strict === true && result.diagnostics.length > 0)) failed = true;
        }
        if (opts.format === 'json') {
          process.stdout.write(formatDiagnostics(all, sources, 'json'));
        } else if (all.length > 0) {
          process.stderr.write(formatDiagnostics(all, sources, 'human', useColor(process.stderr)));
        }
        if (opts.format === 'human' && !failed) {
          process.stdout.write(`${paths.length === 1 ? 'valid' : `${paths.length} files valid`}\n`);
        }
        process.exitCode = failed ? 1 : 0;
      }),
    );
}
