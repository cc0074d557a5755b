import { Command, Option } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import { explain } from '../../runtime/explain.ts';
import { renderExplain } from '../../runtime/explain/render.ts';
import type { Plan } from '../../runtime/plan/plan.ts';
import { action, CliError, compileFile, formatDiagnostics, resolveConfigPath, useColor } from '../config-file.ts';

interface ExplainOptions {
  request: string;
  header: string[];
  file?: string;
  remoteIp: string;
  format: 'human' | 'json';
}

/**
 * `rws explain <url>`: which listener, site, routes and handler chain a request would hit, read from the
 * compiled plan with the real matchers; nothing is sent over the network.
 */
export function explainCommand(): Command {
  return new Command('explain')
    .description('show which site, routes and handlers a request would hit (no network)')
    .argument('<url>', 'http://host:port/path?query, host/path, or /path when the file has one listener')
    .option('-X, --request <method>', 'request method', 'GET')
    .option('-H, --header <header>', "request header 'Name: value' (repeatable)", collect, [])
    .option('-f, --file <file>', 'Rwsfile (default: ./Rwsfile)')
    .option('--remote-ip <ip>', 'client address for remote_ip matchers', '127.0.0.1')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'))
    .action(
      action((url: string, opts: ExplainOptions) => {
        const result = compileFile(resolveConfigPath(opts.file));
        if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, result.files, 'human', useColor(process.stderr)));
        if (result.plan === null || hasErrors(result.diagnostics)) throw new CliError('the file has errors: nothing to explain');
        const headers: Record<string, string> = {};
        for (const h of opts.header) {
          const colon = h.indexOf(':');
          if (colon <= 0) throw new CliError(`bad header \`${h}\`: use 'Name: value'`);
          headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
        }
        const explained = explain(result.plan, { method: opts.request, url: absoluteUrl(url, result.plan), headers, remoteIp: opts.remoteIp });
        process.stdout.write(opts.format === 'json' ? JSON.stringify(explained, null, 2) + '\n' : renderExplain(explained));
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Accepts full URLs, `host[:port]/path` and, when the plan has exactly one listener, a bare `/path`. */
export function absoluteUrl(input: string, plan: Plan): string {
  if (/^https?:\/\//i.test(input)) return input;
  if (!input.startsWith('/')) return `http://${input}`;
  if (plan.listeners.length !== 1) {
    const keys = plan.listeners.map((l) => `${l.tls ? 'https' : 'http'}://localhost:${l.bind.port}`).join(', ');
    throw new CliError(`\`${input}\` has no host and the file has ${plan.listeners.length} listeners: give a full URL (${keys})`);
  }
  const l = plan.listeners[0];
  return `${l.tls ? 'https' : 'http'}://localhost:${l.bind.port}${input}`;
}
