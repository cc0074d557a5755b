/**
 * reverse_proxy's `transport http { ... }` block: connection timeouts, pool limits, the protocol spoken to
 * upstreams (HTTP/1.1, h2 over TLS, h2c), TLS settings for https:// upstreams and the PROXY protocol.
 *
 * Invariant: every field has a default (dial 3s, response header 30s, read 60s, keep-alive 60s, no connection
 * limit, HTTP/1.1, system CAs, no PROXY header); `keepalive off` is 0. TLS files are read (and checked) here,
 * their sha256 goes into the plan so a rotated file changes the plan hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { UpstreamPlan, UpstreamTlsPlan, UpstreamTransportPlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { BindContext, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg, Line } from '../syntax/ast.ts';
import { parseDuration } from '../values/duration.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { argsOf, type Grouped, lineOf, settingReader } from './block-lines.ts';
import { readTlsPair } from './tls-files.ts';

export interface TransportSettings {
  readonly dialTimeoutMs: number;
  readonly responseHeaderTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnsPerUpstream: number | null;
  readonly protocol: UpstreamTransportPlan['protocol'];
  /** `tls`: dial every upstream with TLS (bare `host:port` upstreams become https://). */
  readonly forceTls: boolean;
  readonly tls: UpstreamTlsPlan | null;
  readonly proxyProtocol: 'v1' | 'v2' | null;
  /** Where the protocol and TLS settings were written (for RWS3501 / RWS3502); null when not written. */
  readonly protocolSpan: Span | null;
  readonly tlsSpan: Span | null;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
  dialTimeoutMs: 3000,
  responseHeaderTimeoutMs: 30_000,
  readTimeoutMs: 60_000,
  keepAliveTimeoutMs: 60_000,
  maxConnsPerUpstream: null,
  protocol: 'http1',
  forceTls: false,
  tls: null,
  proxyProtocol: null,
  protocolSpan: null,
  tlsSpan: null,
};

const VERSIONS = ['1.1', '2', 'h2c'] as const;

/** Codes the transport block can report (listed by the directives that include it). */
export const TRANSPORT_CODES = ['RWS3501', 'RWS3502', 'RWS3503', 'RWS3260', 'RWS3261', 'RWS3262'] as const;

const duration = (name: string, summary: string): SubdirectiveSpec => ({
  name,
  summary,
  args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'A duration such as `5s`.' }],
});

export const TRANSPORT_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  duration('dial_timeout', 'How long to wait for a connection to an upstream (default 3s).'),
  duration('response_header_timeout', 'How long to wait for the upstream\'s response head (default 30s).'),
  duration('read_timeout', 'Longest pause between chunks of the upstream\'s response body (default 60s).'),
  {
    name: 'keepalive',
    summary: 'How long idle upstream connections are kept open (default 60s), or `off`.',
    args: [{ name: 'duration', type: { kind: 'duration' }, docs: 'Idle time, or `off` to close after each request.' }],
  },
  {
    name: 'max_conns_per_host',
    summary: 'Limit connections to each upstream (default: no limit).',
    args: [{ name: 'n', type: { kind: 'int', min: 1 }, docs: 'Maximum open connections per upstream.' }],
  },
  {
    name: 'versions',
    summary: 'HTTP versions to speak to upstreams: `1.1` (default), `2 1.1` (HTTP/2 over TLS by ALPN, else 1.1), `h2c` (HTTP/2 without TLS).',
    args: [{ name: 'versions', type: { kind: 'enum', values: VERSIONS }, docs: '`1.1`, `2` and/or `h2c`.', variadic: true }],
  },
  { name: 'tls', summary: 'Dial every upstream with TLS (upstreams written as `host:port` become https://).', args: [] },
  {
    name: 'tls_trust_pool',
    summary: 'Trust these PEM CA bundles for upstream certificates instead of the system store: `tls_trust_pool file <pem...>`.',
    args: [
      { name: 'source', type: { kind: 'enum', values: ['file'] }, docs: '`file`.' },
      { name: 'files', type: { kind: 'path' }, docs: 'PEM files with one or more CA certificates.', variadic: true },
    ],
  },
  {
    name: 'tls_server_name',
    summary: 'The name sent in SNI and checked against the upstream\'s certificate (default: the upstream\'s host name).',
    args: [{ name: 'name', type: { kind: 'string' }, docs: 'A host name.' }],
  },
  { name: 'tls_insecure_skip_verify', summary: 'Do not verify upstream certificates (testing only: anyone on the path can impersonate the upstream).', args: [] },
  {
    name: 'tls_client_auth',
    summary: 'Present this client certificate to upstreams (mTLS).',
    args: [
      { name: 'cert', type: { kind: 'path' }, docs: 'PEM certificate (and chain).' },
      { name: 'key', type: { kind: 'path' }, docs: 'PEM private key.' },
    ],
  },
  {
    name: 'proxy_protocol',
    summary: 'Send a PROXY protocol header (`v1` text or `v2` binary) with the client\'s address on each upstream connection.',
    args: [{ name: 'version', type: { kind: 'enum', values: ['v1', 'v2'] }, docs: '`v1` or `v2`.' }],
  },
];

export const TRANSPORT_SPEC: SubdirectiveSpec = {
  name: 'transport',
  summary: 'Connection settings for upstreams: timeouts, limits, HTTP versions, TLS, PROXY protocol.',
  args: [{ name: 'protocol', type: { kind: 'enum', values: ['http'] }, docs: 'Only `http` (HTTP/1.1 or HTTP/2, TLS for https:// upstreams).' }],
  block: TRANSPORT_SUBDIRECTIVES,
};

/** Read a `transport http { ... }` line; null if anything in it was invalid (already reported). */
export function parseTransport(line: Line | null, ctx: BindContext): TransportSettings | null {
  if (line === null) return DEFAULT_TRANSPORT;
  const [protocol] = argsOf(line);
  if (protocol !== undefined && parseEnum(protocol, ctx, ['http'] as const, 'transport') === null) return null;
  if (line.block === null) return DEFAULT_TRANSPORT;
  const sub = ctx.subdirectives(line.block, TRANSPORT_SUBDIRECTIVES);
  const settings = settingReader(sub);
  const transport = {
    dialTimeoutMs: settings.read('dial_timeout', DEFAULT_TRANSPORT.dialTimeoutMs, (a) => parseDuration(a, ctx)),
    responseHeaderTimeoutMs: settings.read('response_header_timeout', DEFAULT_TRANSPORT.responseHeaderTimeoutMs, (a) => parseDuration(a, ctx)),
    readTimeoutMs: settings.read('read_timeout', DEFAULT_TRANSPORT.readTimeoutMs, (a) => parseDuration(a, ctx)),
    keepAliveTimeoutMs: settings.read('keepalive', DEFAULT_TRANSPORT.keepAliveTimeoutMs, (a) => parseKeepAlive(a, ctx)),
    maxConnsPerUpstream: settings.read<number | null>('max_conns_per_host', null, (a) => parseInteger(a, ctx, { min: 1 })),
    protocol: parseVersions(lineOf(sub, 'versions'), ctx),
    forceTls: sub.has('tls'),
    tls: parseTls(sub, ctx),
    proxyProtocol: settings.read<'v1' | 'v2' | null>('proxy_protocol', null, (a) => parseEnum(a, ctx, ['v1', 'v2'] as const, 'proxy_protocol')),
    protocolSpan: lineOf(sub, 'versions')?.span ?? null,
    tlsSpan: firstTlsLine(sub)?.span ?? null,
  };
  return settings.ok && transport.protocol !== null && transport.tls !== INVALID ? (transport as TransportSettings) : null;
}

/** `versions`: h2c wins (prior knowledge), then 2 (ALPN with 1.1 fallback), else 1.1. */
function parseVersions(line: Line | null, ctx: BindContext): UpstreamTransportPlan['protocol'] | null {
  if (line === null) return 'http1';
  const versions = new Set<string>();
  for (const arg of argsOf(line)) {
    const v = parseEnum(arg, ctx, VERSIONS, 'HTTP version');
    if (v === null) return null;
    versions.add(v);
  }
  return versions.has('h2c') ? 'h2c' : versions.has('2') ? 'h2' : 'http1';
}

const TLS_SETTINGS = ['tls_trust_pool', 'tls_server_name', 'tls_insecure_skip_verify', 'tls_client_auth'] as const;

function firstTlsLine(sub: Grouped): Line | null {
  for (const name of ['tls', ...TLS_SETTINGS]) {
    const line = lineOf(sub, name);
    if (line !== null) return line;
  }
  return null;
}

/** Marks TLS settings that were written but invalid (already reported). */
const INVALID = Symbol('invalid');

function parseTls(sub: Grouped, ctx: BindContext): UpstreamTlsPlan | null | typeof INVALID {
  if (!TLS_SETTINGS.some((name) => sub.has(name))) return null;
  const hash = createHash('sha256');
  let ok = true;
  const caFiles: string[] = [];
  const pool = lineOf(sub, 'tls_trust_pool');
  if (pool !== null) {
    const [source, ...files] = argsOf(pool);
    if (source !== undefined && parseEnum(source, ctx, ['file'] as const, 'trust pool source') === null) ok = false;
    for (const arg of files) {
      const file = resolve(ctx.baseDir, arg.value);
      const text = readCaBundle(arg, file, ctx);
      if (text === null) ok = false;
      else {
        caFiles.push(file);
        hash.update(text);
      }
    }
  }
  let clientCert: UpstreamTlsPlan['clientCert'] = null;
  const auth = lineOf(sub, 'tls_client_auth');
  if (auth !== null) {
    const [certArg, keyArg] = argsOf(auth);
    const pair = certArg === undefined || keyArg === undefined ? null : readTlsPair(certArg, keyArg, ctx);
    if (pair === null) ok = false;
    else {
      clientCert = { certFile: pair.certFile, keyFile: pair.keyFile };
      hash.update(pair.fingerprint);
    }
  }
  const nameLine = lineOf(sub, 'tls_server_name');
  const serverName = nameLine === null ? null : (argsOf(nameLine)[0]?.value.toLowerCase() ?? null);
  if (!ok) return INVALID;
  return {
    caFiles,
    serverName,
    insecureSkipVerify: sub.has('tls_insecure_skip_verify'),
    clientCert,
    fingerprint: caFiles.length === 0 && clientCert === null ? '' : hash.digest('hex'),
  };
}

/** A PEM file holding at least one certificate; RWS3260 / RWS3261 otherwise. */
function readCaBundle(arg: Arg, file: string, ctx: BindContext): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    ctx.error('RWS3260', `cannot read the CA bundle \`${file}\`: ${reason}`, arg.span, { hint: 'paths are relative to the Rwsfile\'s folder' });
    return null;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    ctx.error('RWS3261', `\`${file}\` holds no PEM certificate`, arg.span, { hint: 'a CA bundle is one or more `-----BEGIN CERTIFICATE-----` blocks' });
    return null;
  }
  return text;
}

/**
 * The pool's transport plan, and its upstreams (https:// when `tls` is on). Reports RWS3501 when the protocol
 * can't be spoken to an upstream's scheme and RWS3502 when TLS settings are given for plain-HTTP upstreams only.
 */
export function transportPlan(
  settings: TransportSettings,
  upstreams: readonly UpstreamPlan[],
  ctx: BindContext,
): { transport: UpstreamTransportPlan; upstreams: UpstreamPlan[] } | null {
  const dialled = settings.forceTls ? upstreams.map((u) => (u.url.startsWith('http://') ? { ...u, url: `https://${u.url.slice(7)}` } : u)) : [...upstreams];
  const https = dialled.filter((u) => u.url.startsWith('https://'));
  const plain = dialled.length - https.length;
  const span = settings.protocolSpan;
  if (settings.protocol === 'h2c' && https.length > 0 && span !== null) {
    ctx.error('RWS3501', `h2c is HTTP/2 without TLS, but \`${https[0].url}\` is an https:// upstream`, span, {
      hint: 'use `versions 2 1.1` for HTTP/2 over TLS, or plain http:// upstreams for h2c',
    });
    return null;
  }
  if (settings.protocol === 'h2' && plain > 0 && span !== null) {
    ctx.error('RWS3501', 'HTTP/2 by ALPN needs TLS, but an upstream is plain http://', span, {
      hint: 'use `versions h2c` for HTTP/2 without TLS, or https:// upstreams (or `tls`)',
    });
    return null;
  }
  if (settings.tlsSpan !== null && https.length === 0 && dialled.length > 0) {
    ctx.warn('RWS3502', 'TLS settings have no effect: every upstream is plain http://', settings.tlsSpan, {
      hint: 'write the upstreams as https://host:port, or add `tls` to the transport block',
    });
  }
  return {
    upstreams: dialled,
    transport: {
      protocol: settings.protocol,
      tls: settings.tls,
      proxyProtocol: settings.proxyProtocol,
      keepAliveTimeoutMs: settings.keepAliveTimeoutMs,
      maxConnsPerUpstream: settings.maxConnsPerUpstream,
    },
  };
}

/** A duration, or `off` (0: one request per connection). */
function parseKeepAlive(arg: Arg, ctx: BindContext): number | null {
  if (arg.value === 'off') return 0;
  if (/^[a-z]+$/i.test(arg.value)) {
    ctx.error('RWS3101', `invalid keepalive \`${arg.value}\`: expected a duration or \`off\``, arg.span, { hint: 'e.g. `keepalive 90s`, or `keepalive off` to close connections after each request' });
    return null;
  }
  return parseDuration(arg, ctx);
}
