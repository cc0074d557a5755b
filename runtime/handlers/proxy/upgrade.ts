/**
 * HTTP Upgrade (WebSocket) through reverse_proxy. The client's request goes upstream like any other (same
 * balancing, header ops, transport) with its Upgrade token; an upstream that answers anything but 101 is
 * relayed as an ordinary response. On 101 the upstream's head goes to the client and the two connections
 * become one tunnel (listen/upgrade.ts), owned by the listener so that a reload never cuts it.
 *
 * Invariant: the client sees the upstream's 101 head with hop-by-hop fields replaced by its own
 * Connection/Upgrade pair and header_down applied, then raw bytes only; if that head can't be written, both
 * connections are closed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestContext, UpgradeTunnel } from '../../http/handler.ts';
import type { ApplyHeaderOps } from '../header-ops.ts';
import { isUpgradeRequest, withoutHopByHop } from './hop-by-hop.ts';

/** The Upgrade token to send upstream (undici's `upgrade` option), or null for an ordinary request. */
export function upgradeToken(ctx: RequestContext): string | null {
  if (ctx.upgrade === null || !isUpgradeRequest(ctx.headers)) return null;
  const value = ctx.headers.upgrade;
  if (value === undefined) return null;
  // Never h2c (listen/upgrade.ts: switchesProtocols): the rest of the list, as the client wrote it.
  const tokens = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.toLowerCase() !== 'h2c');
  return tokens.length === 0 ? null : tokens.join(', ');
}

/** The upstream switched protocols: relay its 101 and join the connections. */
export function relayUpgrade(
  ctx: RequestContext,
  headersDown: ApplyHeaderOps | null,
  statusCode: number,
  headers: IncomingHttpHeaders,
  upstream: Duplex,
): void {
  const tunnel: UpgradeTunnel | null = ctx.upgrade;
  if (tunnel === null) {
    upstream.destroy();
    ctx.response.abort();
    return;
  }
  const down = withoutHopByHop(headers);
  headersDown?.(down, ctx);
  down['connection'] = 'upgrade';
  down['upgrade'] = headers.upgrade ?? ctx.headers.upgrade;
  try {
    tunnel.open(upstream);
    ctx.response.writeHead(statusCode, down).end();
  } catch {
    // Node rejected the head (a header value it won't send): nothing went out.
    upstream.destroy();
    ctx.response.abort();
  }
}
