/**
 * Weighted traffic splitting between pools (canary releases): each request goes to one of the split's pools
 * in proportion to the weights, unless the override header or cookie names one of them, or the sticky
 * cookie says which one this client got before.
 *
 * Invariant: only the split's own pools can be chosen (an override naming any other pool is ignored); a pool
 * of weight 0 is reached only by override; the sticky cookie is set only when it does not already hold the
 * pool chosen.
 */
import type { RequestContext } from '../../http/handler.ts';
import type { TrafficSplitPlan } from '../../plan/plan.ts';
import { appendSetCookie, readCookie, setCookieLine } from './cookies.ts';
import type { UpstreamPool } from './pool.ts';

interface Target {
  readonly pool: UpstreamPool;
  readonly weight: number;
}

export class TrafficSplit {
  readonly #targets: readonly Target[];
  readonly #byName: ReadonlyMap<string, Target>;
  readonly #total: number;
  readonly #overrideHeader: string | null;
  readonly #overrideCookie: string | null;
  readonly #stickyCookie: string | null;

  constructor(plan: TrafficSplitPlan, pools: readonly UpstreamPool[]) {
    this.#targets = plan.targets.map((t) => ({ pool: pools[t.pool], weight: t.weight }));
    this.#byName = new Map(this.#targets.map((t) => [t.pool.name, t]));
    this.#total = this.#targets.reduce((sum, t) => sum + t.weight, 0);
    this.#overrideHeader = plan.overrideHeader;
    this.#overrideCookie = plan.overrideCookie;
    this.#stickyCookie = plan.stickyCookie;
  }

  /** The pool for this request; with a sticky cookie, the response head remembers it. */
  choose(ctx: RequestContext): UpstreamPool {
    const forced = this.#forced(ctx);
    if (forced !== null) return forced.pool;
    const cookie = this.#stickyCookie;
    if (cookie !== null) {
      const remembered = this.#byName.get(readCookie(ctx.headers, cookie) ?? '');
      if (remembered !== undefined && remembered.weight > 0) return remembered.pool;
    }
    const chosen = this.#weighted();
    if (cookie !== null) {
      const line = setCookieLine(cookie, chosen.pool.name, null, ctx.scheme === 'https');
      ctx.response.onHead((head) => appendSetCookie(head.headers, line));
    }
    return chosen.pool;
  }

  #forced(ctx: RequestContext): Target | null {
    if (this.#overrideHeader !== null) {
      const value = ctx.headers[this.#overrideHeader];
      const target = typeof value === 'string' ? this.#byName.get(value.trim()) : undefined;
      if (target !== undefined) return target;
    }
    if (this.#overrideCookie !== null) {
      const target = this.#byName.get(readCookie(ctx.headers, this.#overrideCookie) ?? '');
      if (target !== undefined) return target;
    }
    return null;
  }

  #weighted(): Target {
    let point = Math.random() * this.#total;
    for (const t of this.#targets) {
      point -= t.weight;
      if (point < 0) return t;
    }
    // Rounding at the very top: the last target with a weight.
    return this.#targets.findLast((t) => t.weight > 0)!;
  }
}
