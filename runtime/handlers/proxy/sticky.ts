/**
 * Sticky sessions by signed cookie: the first response names the chosen upstream in a cookie whose value is
 * an HMAC-SHA256 of the upstream's URL under the pool's secret, so a client can return to its upstream but
 * cannot pick another one (it cannot compute another upstream's token). A request whose pinned upstream is
 * gone or unavailable is balanced as usual and re-pinned.
 *
 * Invariant: a token maps to at most one upstream of the pool; without the secret no token can be made; the
 * pinned upstream is used only while Upstream.available() says so.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestContext } from '../../http/handler.ts';
import type { StickyPlan } from '../../plan/plan.ts';
import { appendSetCookie, readCookie, setCookieLine } from './cookies.ts';
import type { Upstream } from './upstream.ts';

export class StickySessions {
  readonly cookie: string;
  readonly #secret: Buffer;
  readonly #maxAgeSec: number | null;
  /** Token of each upstream URL, computed once. */
  readonly #tokens = new Map<string, string>();

  constructor(plan: StickyPlan) {
    this.cookie = plan.cookie;
    // No secret written: random per process start (stickiness then lasts until a restart).
    this.#secret = plan.secret === null ? randomBytes(32) : Buffer.from(plan.secret);
    this.#maxAgeSec = plan.maxAgeSec;
  }

  /** The upstream the request's cookie pins it to, if it is one of `upstreams` and available. */
  pinned(ctx: RequestContext, upstreams: readonly Upstream[], now: number): Upstream | null {
    const token = readCookie(ctx.headers, this.cookie);
    if (token === null) return null;
    for (const u of upstreams) if (this.tokenOf(u) === token) return u.available(now) ? u : null;
    return null;
  }

  /** Pins the client to `upstream` in the response head, unless its cookie already does. */
  pin(ctx: RequestContext, upstream: Upstream, headers: OutgoingHttpHeaders | Record<string, string | string[] | number | undefined>): void {
    const token = this.tokenOf(upstream);
    if (readCookie(ctx.headers, this.cookie) === token) return;
    appendSetCookie(headers, setCookieLine(this.cookie, token, this.#maxAgeSec, ctx.scheme === 'https'));
  }

  tokenOf(upstream: Upstream): string {
    let token = this.#tokens.get(upstream.url);
    if (token === undefined) {
      token = createHmac('sha256', this.#secret).update(upstream.url).digest('base64url').slice(0, 32);
      this.#tokens.set(upstream.url, token);
    }
    return token;
  }
}
