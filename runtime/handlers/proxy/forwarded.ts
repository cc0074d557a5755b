/**
 * The forwarding headers sent upstream: X-Forwarded-For / -Proto / -Host, Forwarded (RFC 7239) and Via
 * (RFC 9110 §7.6.3).
 *
 * From a peer in `trusted_proxies` the values it sent are kept and this hop is appended (X-Forwarded-For,
 * Forwarded) or they are passed on as they are (X-Forwarded-Proto, X-Forwarded-Host): they describe the
 * client's original request. From any other peer — including every peer when no proxy is trusted — they
 * are replaced by what rws itself saw, so a client can't make the upstream believe another address, scheme
 * or host. Via is always extended (it records the chain, it asserts nothing about the client).
 *
 * Invariant: the headers written here always end with this hop's facts; nothing a client sends from an
 * untrusted peer survives in X-Forwarded-* or Forwarded.
 */
import type { RequestContext } from '../../http/handler.ts';
import { clientIpResolver } from '../../http/client-ip.ts';
import type { HeaderBag } from '../header-ops.ts';

/** The pseudonym rws uses for itself in Via. */
const VIA_NAME = 'rws';

/** Sets the forwarding headers on `headers` (a copy of the client's, hop-by-hop fields already removed). */
export function setForwardingHeaders(headers: HeaderBag, ctx: RequestContext, clientHost: string | undefined): void {
  const trusted = clientIpResolver(ctx.plan.global)?.trusts(ctx.remoteIp) ?? false;
  const peer = ctx.remoteIp;

  const priorFor = trusted ? joined(headers['x-forwarded-for']) : '';
  headers['x-forwarded-for'] = priorFor === '' ? peer : `${priorFor}, ${peer}`;
  if (!trusted || headers['x-forwarded-proto'] === undefined) headers['x-forwarded-proto'] = ctx.scheme;
  if (!trusted || headers['x-forwarded-host'] === undefined) {
    if (clientHost !== undefined) headers['x-forwarded-host'] = clientHost;
    else delete headers['x-forwarded-host'];
  }

  const element = forwardedElement(peer, ctx.scheme, clientHost);
  const priorForwarded = trusted ? joined(headers['forwarded']) : '';
  headers['forwarded'] = priorForwarded === '' ? element : `${priorForwarded}, ${element}`;

  const via = `${ctx.proto === 'http/2' ? '2' : viaVersion(ctx)} ${VIA_NAME}`;
  const priorVia = joined(headers['via']);
  headers['via'] = priorVia === '' ? via : `${priorVia}, ${via}`;
}

/** One Forwarded element: `for=…;host=…;proto=…` (IPv6 addresses bracketed and quoted, per RFC 7239 §6). */
export function forwardedElement(peer: string, scheme: string, host: string | undefined): string {
  const node = peer.includes(':') ? `"[${peer}]"` : peer;
  const hostPart = host === undefined || host === '' ? '' : `;host=${quoteIfNeeded(host)}`;
  return `for=${node}${hostPart};proto=${scheme}`;
}

/** RFC 7230 token characters: anything else (":" of a port, "[" of an IPv6 host) needs a quoted-string. */
const TOKEN_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") table[c.charCodeAt(0)] = 1;
  return table;
})();

/** The last host quoted: most requests on a site carry the same Host, so the answer is reused. */
let lastHost = '';
let lastQuoted = '';

function quoteIfNeeded(value: string): string {
  if (value === lastHost) return lastQuoted;
  let token = value.length > 0;
  for (let i = 0; token && i < value.length; i++) {
    const c = value.charCodeAt(i);
    token = c < 128 && TOKEN_CHAR[c] === 1;
  }
  const quoted = token ? value : value.includes('"') || value.includes('\\') ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
  lastHost = value;
  lastQuoted = quoted;
  return quoted;
}

function viaVersion(ctx: RequestContext): string {
  const req = ctx.req as { httpVersion?: string };
  return req.httpVersion === '1.0' ? '1.0' : '1.1';
}

function joined(value: HeaderBag[string]): string {
  if (value === undefined) return '';
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return text.trim();
}
