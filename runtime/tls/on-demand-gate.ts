/**
 * The gate in front of on-demand certificates: the ask endpoint must approve the name (GET
 * `<ask>?domain=<name>` → 2xx), and a token bucket (`burst` per `interval`, process-wide per policy) caps how
 * many certificates are ordered, whatever the ask endpoint says.
 *
 * Invariant: a token is spent only for a name the ask endpoint approved; a refused or failed ask spends none.
 */
import type { OnDemandPlan } from '../plan/plan.ts';

export type GateAnswer = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class OnDemandGate {
  private readonly plan: OnDemandPlan;
  private tokens: number;
  private refilledAt: number;

  constructor(plan: OnDemandPlan, now = Date.now()) {
    this.plan = plan;
    this.tokens = plan.burst;
    this.refilledAt = now;
  }

  async check(name: string, signal: AbortSignal): Promise<GateAnswer> {
    if (this.plan.ask !== null) {
      const url = new URL(this.plan.ask);
      url.searchParams.set('domain', name);
      let status: number;
      try {
        const res = await fetch(url, { signal, redirect: 'manual' });
        await res.arrayBuffer();
        status = res.status;
      } catch (err) {
        return { ok: false, reason: `ask endpoint ${this.plan.ask} failed: ${(err as Error).message}` };
      }
      if (status < 200 || status > 299) return { ok: false, reason: `ask endpoint answered ${status}` };
    }
    if (!this.take(Date.now())) return { ok: false, reason: `rate limit: ${this.plan.burst} certificates per ${this.plan.intervalMs} ms` };
    return { ok: true };
  }

  private take(now: number): boolean {
    const { burst, intervalMs } = this.plan;
    const elapsed = now - this.refilledAt;
    if (elapsed > 0) {
      this.tokens = Math.min(burst, this.tokens + (elapsed * burst) / Math.max(1, intervalMs));
      this.refilledAt = now;
    }
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
