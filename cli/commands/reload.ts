import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { Client } from 'undici';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.ts';
import type { BindAddress } from '../../runtime/plan/plan.ts';
import { action, CliError, compileFile, formatDiagnostics, resolveConfigPath, useColor } from '../config-file.ts';

interface LoadReply {
  ok: boolean;
  hash?: string;
  changed?: boolean;
  rendered?: string;
  error?: string;
}

/**
 * `rws reload [file]`: check the file here, then hand it to the running server's admin endpoint, which compiles
 * it again in its own environment and swaps it in, or keeps the old config and answers with the diagnostics.
 */
export function reloadCommand(): Command {
  return new Command('reload')
    .description('send an Rwsfile to a running rws through its admin endpoint (old config keeps serving on errors)')
    .argument('[file]', 'Rwsfile (default: ./Rwsfile)')
    .option('--address <address>', 'admin endpoint (host:port or unix//path); default: the file\'s `admin` option')
    .action(
      action(async (file: string | undefined, opts: { address?: string }) => {
        const path = resolveConfigPath(file);
        const text = readFileSync(path, 'utf8');
        const local = compileFile(path, text);
        if (local.diagnostics.length > 0) process.stderr.write(formatDiagnostics(local.diagnostics, local.files, 'human', useColor(process.stderr)));
        if (local.plan === null || hasErrors(local.diagnostics)) throw new CliError('not reloaded: the file has errors (the running server keeps its config)');
        const address = opts.address !== undefined ? parseAdminAddress(opts.address) : local.plan.global.admin?.address;
        if (address === undefined) {
          throw new CliError('this file turns the admin endpoint off (`admin off`): pass --address, or send SIGHUP to the rws process');
        }
        const reply = await postLoad(address, text, path);
        if (reply.ok) {
          process.stdout.write(reply.changed === false ? `unchanged (plan ${short(reply.hash)})\n` : `reloaded (plan ${short(reply.hash)})\n`);
          return;
        }
        if (reply.rendered) process.stderr.write(reply.rendered);
        throw new CliError(`not reloaded: ${reply.error ?? 'the server rejected the file'} (the running server keeps its config)`);
      }),
    );
}

function short(hash: string | undefined): string {
  return (hash ?? '?').slice(0, 12);
}

export function parseAdminAddress(text: string): BindAddress {
  if (text.startsWith('unix/')) return { kind: 'unix', path: text.slice('unix/'.length) };
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  if (m === null) throw new CliError(`bad --address \`${text}\`: use host:port (127.0.0.1:2019) or unix//path/to.sock`);
  return { kind: 'tcp', host: m[1] ?? (m[2] || '127.0.0.1'), port: Number(m[3]) };
}

async function postLoad(address: BindAddress, text: string, path: string): Promise<LoadReply> {
  const where = address.kind === 'unix' ? `unix/${address.path}` : `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const client =
    address.kind === 'unix'
      ? new Client('http://localhost', { socketPath: address.path })
      : new Client(`http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`);
  try {
    const res = await client.request({
      method: 'POST',
      path: '/load',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'rws-path': path },
      body: text,
    });
    const body = await res.body.text();
    try {
      return JSON.parse(body) as LoadReply;
    } catch {
      return { ok: false, error: `unexpected answer from ${where} (HTTP ${res.statusCode}): ${body.slice(0, 200)}` };
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') {
      throw new CliError(`no rws is listening on its admin endpoint ${where}: is it running? (start it with \`rws run\`)`);
    }
    throw new CliError(`cannot reach the admin endpoint ${where}: ${(err as Error).message}`);
  } finally {
    await client.close();
  }
}
