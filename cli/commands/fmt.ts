import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { formatText } from '../../compiler/format/format.ts';
import { action, CliError, formatDiagnostics, resolveConfigPath, useColor } from '../config-file.ts';

interface FmtOptions {
  check?: boolean;
  write?: boolean;
  diff?: boolean;
}

/**
 * `rws fmt [--check|--write|--diff] [file...]`: canonical layout, comments kept. Without a flag the formatted
 * text goes to stdout. A file with syntax errors is never rewritten.
 */
export function fmtCommand(): Command {
  return new Command('fmt')
    .description('format Rwsfiles canonically (stdout, --write, --check or --diff)')
    .argument('[files...]', 'Rwsfiles (default: ./Rwsfile)')
    .option('--check', 'exit 1 and list the files that are not formatted')
    .option('-w, --write', 'rewrite the files in place')
    .option('--diff', 'print a unified diff of the changes')
    .action(
      action((files: string[], opts: FmtOptions) => {
        const modes = [opts.check, opts.write, opts.diff].filter((x) => x === true).length;
        if (modes > 1) throw new CliError('choose one of --check, --write and --diff');
        const paths = (files.length > 0 ? files : [undefined]).map(resolveConfigPath);
        let unformatted = 0;
        let broken = 0;
        for (const path of paths) {
          const original = readFileSync(path, 'utf8');
          const result = formatText(path, original);
          if (result.text === null) {
            broken++;
            process.stderr.write(formatDiagnostics(result.diagnostics, [{ path, text: original }], 'human', useColor(process.stderr)));
            continue;
          }
          const changed = result.text !== original;
          const name = relative(process.cwd(), path) || path;
          if (opts.check === true) {
            if (changed) {
              unformatted++;
              process.stdout.write(`${name}\n`);
            }
          } else if (opts.write === true) {
            if (changed) writeFileSync(path, result.text);
          } else if (opts.diff === true) {
            if (changed) {
              unformatted++;
              process.stdout.write(createTwoFilesPatch(`a/${name}`, `b/${name}`, original, result.text, '', '', { context: 3 }));
            }
          } else {
            process.stdout.write(result.text);
          }
        }
        if (broken > 0) throw new CliError(`${broken} file${broken === 1 ? '' : 's'} not formatted because of syntax errors`);
        if (opts.check === true && unformatted > 0) {
          process.stderr.write(`rws: ${unformatted} file${unformatted === 1 ? ' is' : 's are'} not formatted (run \`rws fmt --write\`)\n`);
          process.exitCode = 1;
        }
      }),
    );
}
