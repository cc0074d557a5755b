/**
 * A scenario's servers: each contestant started once (or recorded as skipped / failed to start), turned into
 * the entrants a table measures, and stopped at the end.
 *
 * Invariant: every server started here is stopped by stop(), whatever the others did.
 */
import type { BenchEnv } from './bench-env.ts';
import type { Entrant } from './rounds.ts';
import { type RunningServer, type ServerSpec, startServer } from './server.ts';

/** A contestant: its server, or why it can't run on this machine (`missing`). */
export interface ContestantSpec {
  readonly name: string;
  readonly spec: ServerSpec | null;
  readonly missing: string | null;
}

export class Contestants {
  readonly #names: readonly string[];
  readonly #running = new Map<string, RunningServer>();
  readonly #unavailable = new Map<string, Entrant>();

  private constructor(names: readonly string[]) {
    this.#names = names;
  }

  /** Starts them one after another; a server that fails to start becomes a failed entrant. */
  static async start(env: BenchEnv, scenario: string, specs: readonly ContestantSpec[]): Promise<Contestants> {
    const contestants = new Contestants(specs.map((s) => s.name));
    for (const { name, spec, missing } of specs) {
      if (missing !== null || spec === null) {
        contestants.#unavailable.set(name, { kind: 'skipped', name, reason: missing ?? 'unavailable' });
        continue;
      }
      env.progress(`${scenario}: starting ${name}`);
      try {
        contestants.#running.set(name, await startServer(env, spec));
      } catch (err) {
        contestants.#unavailable.set(name, { kind: 'failed', name, reason: (err as Error).message });
      }
    }
    return contestants;
  }

  /** One entrant per contestant, in the order given; a running one is probed at `url(port)`. */
  entrants(url: (port: number) => string): Entrant[] {
    return this.#names.map((name) => {
      const server = this.#running.get(name);
      if (server === undefined) return this.#unavailable.get(name) ?? { kind: 'failed', name, reason: 'did not start' };
      return { kind: 'ready', name, probe: { url: url(server.port), host: null } };
    });
  }

  /** Every contestant skipped with the same reason (a client tool the table needs is missing). */
  skippedAll(reason: string): Entrant[] {
    return this.#names.map((name) => ({ kind: 'skipped', name, reason }));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#running.values()].map((s) => s.child.stop()));
  }
}
