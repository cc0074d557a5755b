/**
 * reverse_proxy / upstream `dynamic a <name> <port> { … }` and `dynamic srv <name> { … }`: upstreams looked
 * up in DNS and looked up again every `refresh` (runtime/handlers/proxy/dns.ts), added to the static ones.
 *
 * Invariant: a valid DynamicUpstreamsPlan or null with every problem reported (RWS3503 for names, ports and
 * resolvers; the shared value errors for durations and enums). Defaults: refresh 1m, both IP versions, the
 * system resolver; the scheme is https when the transport has `tls`, else http.
 */
import { isIP } from 'node:net';
import type { DynamicUpstreamsPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { argsOf, lineOf, settingReader } from './block-lines.ts';

export const DEFAULT_REFRESH_MS = 60_000;

export const DYNAMIC_SPEC: SubdirectiveSpec = {
  name: 'dynamic',
  summary: 'Upstreams from DNS, looked up again every `refresh`: `dynamic a <name> <port>` (A/AAAA) or `dynamic srv <name>` (SRV).',
  args: [
    { name: 'kind', type: { kind: 'enum', values: ['a', 'srv'] }, docs: '`a` (A/AAAA records) or `srv`.' },
    { name: 'name', type: { kind: 'string' }, docs: 'The DNS name (`_service._proto.name` for SRV).' },
    { name: 'port', type: { kind: 'int', min: 1, max: 65535 }, docs: 'The upstreams\' port (`a` only).', optional: true },
  ],
  block: [
    { name: 'refresh', summary: 'How often to look the name up again (default 1m).', args: [{ name: 'interval', type: { kind: 'duration' }, docs: 'e.g. `30s`.' }] },
    {
      name: 'versions',
      summary: 'IP versions to use for `a` (default both).',
      args: [{ name: 'versions', type: { kind: 'enum', values: ['ipv4', 'ipv6'] }, docs: '`ipv4` and/or `ipv6`.', variadic: true }],
    },
    {
      name: 'resolvers',
      summary: 'DNS servers to ask instead of the system resolver.',
      args: [{ name: 'servers', type: { kind: 'string' }, docs: '`ip` or `ip:port` (`[v6]:port`).', variadic: true }],
    },
  ],
};

/** Read a `dynamic` line; null when absent or invalid (`ok` false only when invalid). */
export function parseDynamic(line: Line | null, scheme: 'http' | 'https', ctx: BindContext): { ok: boolean; plan: DynamicUpstreamsPlan | null } {
  if (line === null) return { ok: true, plan: null };
  const [kindArg, nameArg, portArg] = argsOf(line);
  const kind = kindArg === undefined ? null : parseEnum(kindArg, ctx, ['a', 'srv'] as const, 'dynamic upstream kind');
  if (kind === null || nameArg === undefined) return { ok: false, plan: null };
  let ok = true;
  const name = dnsName(nameArg, kind, ctx);
  if (name === null) ok = false;
  let port: number | null = null;
  if (kind === 'a') {
    if (portArg === undefined) {
      ctx.error('RWS3503', '`dynamic a` needs the port the upstreams listen on', line.span, { hint: `e.g. \`dynamic a ${nameArg.value} 8080\`` });
      ok = false;
    } else {
      port = parseInteger(portArg, ctx, { min: 1, max: 65535 });
      if (port === null) ok = false;
    }
  } else if (portArg !== undefined) {
    ctx.error('RWS3503', '`dynamic srv` takes its ports from the SRV records', portArg.span, { hint: 'remove the port' });
    ok = false;
  }
  const sub = line.block === null ? new Map<string, readonly Line[]>() : ctx.subdirectives(line.block, DYNAMIC_SPEC.block ?? []);
  const settings = settingReader(sub);
  const refreshMs = settings.read('refresh', DEFAULT_REFRESH_MS, (a) => positive(parseDuration(a, ctx), a, ctx));
  const versionsLine = lineOf(sub, 'versions');
  const versions: (4 | 6)[] = [];
  for (const a of versionsLine === null ? [] : argsOf(versionsLine)) {
    const v = parseEnum(a, ctx, ['ipv4', 'ipv6'] as const, 'IP version');
    if (v === null) ok = false;
    else if (!versions.includes(v === 'ipv4' ? 4 : 6)) versions.push(v === 'ipv4' ? 4 : 6);
  }
  const resolversLine = lineOf(sub, 'resolvers');
  const resolvers: string[] = [];
  for (const a of resolversLine === null ? [] : argsOf(resolversLine)) {
    const server = resolverAddress(a, ctx);
    if (server === null) ok = false;
    else resolvers.push(server);
  }
  if (!ok || !settings.ok || name === null) return { ok: false, plan: null };
  const plan: DynamicUpstreamsPlan =
    kind === 'a'
      ? { kind, name, port: port!, scheme, refreshMs, versions: versions.length === 0 ? [4, 6] : versions, resolvers }
      : { kind, name, scheme, refreshMs, resolvers };
  return { ok: true, plan };
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function dnsName(arg: Arg, kind: 'a' | 'srv', ctx: BindContext): string | null {
  const name = arg.value.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (name.length > 253 || !labels.every((l) => LABEL.test(l)) || isIP(name) !== 0) {
    ctx.error('RWS3503', `invalid DNS name \`${arg.value}\``, arg.span, {
      hint: kind === 'srv' ? 'e.g. `_http._tcp.api.internal`' : 'e.g. `api.internal` (an IP address is a static upstream)',
    });
    return null;
  }
  return name;
}

/** `ip` or `ip:port` / `[v6]:port`, as dns.Resolver.setServers takes it. */
function resolverAddress(arg: Arg, ctx: BindContext): string | null {
  const text = arg.value;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  const ip = m?.[1] ?? text;
  const port = m?.[2] === undefined ? null : Number(m[2]);
  if (isIP(ip) === 0 || (port !== null && !(port >= 1 && port <= 65535))) {
    ctx.error('RWS3503', `invalid DNS server \`${text}\``, arg.span, { hint: 'an IP address with an optional port: `10.0.0.2`, `127.0.0.1:5353`, `[::1]:53`' });
    return null;
  }
  return text;
}

function positive(ms: number | null, arg: Arg, ctx: BindContext): number | null {
  if (ms === null) return null;
  if (ms > 0) return ms;
  ctx.error('RWS3503', '`refresh` must be longer than 0', arg.span, { hint: 'e.g. `refresh 30s`' });
  return null;
}
