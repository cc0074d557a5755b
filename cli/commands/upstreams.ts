/**
 * `rws upstreams [file]`: the running server's upstream pools as a table (pool, upstream, health, load,
 * counts, ejection), read from its admin endpoint (`GET /upstreams`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { Client } from 'undici';
import type { UpstreamReport } from '../../runtime/handlers/proxy/upstream-metrics.ts';
import type { BindAddress } from '../../runtime/plan/plan.ts';
import { action, CliError, compileFile } from '../config-file.ts';
import { parseAdminAddress } from './reload.ts';

const DEFAULT_ADMIN: BindAddress = { kind: 'tcp', host: '127.0.0.1', port: 2019 };

export function upstreamsCommand(): Command {
  return new Command('upstreams')
    .description('show the running server\'s upstream pools: health, requests in flight, counts, ejections')
    .argument('[file]', 'Rwsfile whose `admin` option names the endpoint (default: ./Rwsfile if present, else 127.0.0.1:2019)')
    .option('--address <address>', 'admin endpoint (host:port or unix//path)')
    .option('--json', 'print the report as JSON')
    .action(
      action(async (file: string | undefined, opts: { address?: string; json?: boolean }) => {
        const rows = await fetchUpstreams(adminAddress(file, opts.address));
        process.stdout.write(opts.json === true ? `${JSON.stringify(rows, null, 2)}\n` : renderTable(rows));
      }),
    );
}

function adminAddress(file: string | undefined, address: string | undefined): BindAddress {
  if (address !== undefined) return parseAdminAddress(address);
  const path = resolve(file ?? 'Rwsfile');
  if (file === undefined && !existsSync(path)) return DEFAULT_ADMIN;
  if (!existsSync(path)) throw new CliError(`cannot read ${file}: no such file`);
  const plan = compileFile(path).plan;
  if (plan === null) throw new CliError(`${file ?? 'Rwsfile'} has errors: pass --address to name the admin endpoint`);
  if (plan.global.admin === null) throw new CliError('this file turns the admin endpoint off (`admin off`): pass --address');
  return plan.global.admin.address;
}

async function fetchUpstreams(address: BindAddress): Promise<UpstreamReport[]> {
  const where = address.kind === 'unix' ? `unix/${address.path}` : `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const client = address.kind === 'unix' ? new Client('http://localhost', { socketPath: address.path }) : new Client(`http://${where}`);
  try {
    const res = await client.request({ method: 'GET', path: '/upstreams' });
    const body = await res.body.text();
    let reply: { ok?: boolean; upstreams?: UpstreamReport[]; error?: string };
    try {
      reply = JSON.parse(body) as typeof reply;
    } catch {
      throw new CliError(`unexpected answer from ${where} (HTTP ${res.statusCode}): ${body.slice(0, 200)}`);
    }
    if (reply.ok !== true || reply.upstreams === undefined) throw new CliError(`${where}: ${reply.error ?? `HTTP ${res.statusCode}`}`);
    return reply.upstreams;
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') throw new CliError(`no rws is listening on its admin endpoint ${where}: is it running?`);
    throw new CliError(`cannot reach the admin endpoint ${where}: ${(err as Error).message}`);
  } finally {
    await client.close();
  }
}

const HEADER = ['POOL', 'UPSTREAM', 'HEALTHY', 'IN FLIGHT', 'CONNS', 'REQUESTS', 'FAILURES', 'EJECTED UNTIL'];

/** One line per upstream, columns padded to their widest cell. */
export function renderTable(rows: readonly UpstreamReport[]): string {
  if (rows.length === 0) return 'no upstream pools\n';
  const cells = rows.map((r) => [
    r.pool,
    r.upstream,
    r.healthy ? 'yes' : `no (${r.state})`,
    String(r.inFlight),
    String(r.openConnections),
    String(r.requests),
    String(r.failures),
    r.ejectedUntil ?? '-',
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[HEADER, ...cells].map(line).join('\n')}\n`;
}
