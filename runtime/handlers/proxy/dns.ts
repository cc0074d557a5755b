/**
 * Upstreams discovered in DNS (`dynamic a` / `dynamic srv`), looked up again every `refreshMs`. The answer
 * becomes a list of upstream plans (sorted, so the same records in another order are no change); the owner
 * is told only when the list changed. A failed lookup, or an empty answer after a good one, keeps the last
 * good answer.
 *
 * Invariant: at most one lookup in flight; the timer is unref'd (it never keeps the process alive) and
 * stop() ends the watch for good; `ready` settles after the first lookup, whatever its outcome.
 */
import { lookup, Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';
import type { DynamicUpstreamsPlan, UpstreamPlan } from '../../plan/plan.ts';

/** How long one lookup may take before it counts as failed. */
const LOOKUP_TIMEOUT_MS = 2000;

export class DnsWatcher {
  /** Settles after the first lookup (found something or not). */
  readonly ready: Promise<void>;
  readonly #plan: DynamicUpstreamsPlan;
  readonly #onChange: (upstreams: UpstreamPlan[]) => void;
  readonly #logger: Logger | null;
  readonly #resolver: Resolver | null;
  #last = '';
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(plan: DynamicUpstreamsPlan, onChange: (upstreams: UpstreamPlan[]) => void, logger: Logger | null = null) {
    this.#plan = plan;
    this.#onChange = onChange;
    this.#logger = logger;
    const custom = plan.resolvers.length > 0;
    // SRV always needs a Resolver; A/AAAA use getaddrinfo unless servers are named.
    this.#resolver = custom || plan.kind === 'srv' ? new Resolver({ timeout: LOOKUP_TIMEOUT_MS, tries: 2 }) : null;
    if (custom) this.#resolver!.setServers([...plan.resolvers]);
    this.ready = this.#refresh();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#resolver?.cancel();
  }

  async #refresh(): Promise<void> {
    try {
      const found = await this.#lookup();
      if (this.#stopped) return;
      // No address at all is more likely a DNS mishap than a service with no instances: keep what works.
      if (found.length === 0 && this.#last !== '') throw new Error('the answer has no usable records');
      const key = found.map((u) => `${u.url}*${u.weight}`).join(' ');
      if (key !== this.#last) {
        this.#last = key;
        this.#onChange(found);
      }
    } catch (err) {
      if (!this.#stopped) this.#logger?.warn({ name: this.#plan.name, err: (err as Error).message }, 'DNS lookup for upstreams failed; keeping the last answer');
    } finally {
      if (!this.#stopped) {
        this.#timer = setTimeout(() => void this.#refresh(), this.#plan.refreshMs);
        this.#timer.unref();
      }
    }
  }

  #lookup(): Promise<UpstreamPlan[]> {
    const plan = this.#plan;
    switch (plan.kind) {
      case 'a':
        return this.#addresses(plan.name, plan.versions).then((ips) => ips.map((ip) => upstream(plan.scheme, ip, plan.port, 1, plan.name)));
      case 'srv':
        return this.#resolver!.resolveSrv(plan.name).then((records) => {
          if (records.length === 0) return [];
          const best = Math.min(...records.map((r) => r.priority));
          return records
            .filter((r) => r.priority === best)
            .map((r) => upstream(plan.scheme, r.name.replace(/\.$/, ''), r.port, Math.max(1, r.weight), plan.name))
            .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
        });
      default: {
        const unknown: never = plan;
        return Promise.reject(new Error(`unknown dynamic upstreams ${JSON.stringify(unknown)}`));
      }
    }
  }

  /** A and/or AAAA records, sorted; "no such record" for one family is an empty list, not a failure. */
  async #addresses(name: string, versions: readonly (4 | 6)[]): Promise<string[]> {
    const resolver = this.#resolver;
    let ips: string[];
    if (resolver === null) {
      const all = await lookup(name, { all: true });
      ips = all.filter((a) => versions.includes(a.family === 6 ? 6 : 4)).map((a) => a.address);
    } else {
      const answers = await Promise.all(versions.map((v) => (v === 4 ? resolver.resolve4(name) : resolver.resolve6(name)).catch(emptyIfNoData)));
      ips = answers.flat();
    }
    return [...new Set(ips)].sort();
  }
}

function emptyIfNoData(err: NodeJS.ErrnoException): string[] {
  if (err.code === 'ENODATA') return [];
  throw err;
}

function upstream(scheme: 'http' | 'https', host: string, port: number, weight: number, name: string): UpstreamPlan {
  const h = isIPv6(host) ? `[${host}]` : host;
  return { url: `${scheme}://${h}:${port}`, weight, origin: `dns:${name}` };
}
