/**
 * routing: does the number of sites on a listener cost anything per request? rws with one site against rws
 * with 10,000 sites on the same kind of listener, wrk asking for one site in the middle with `respond "ok"`.
 * Target: the many-sites server keeps ≥ 0.95 of the one-site server's requests/s.
 */
import type { BenchEnv } from '../bench-env.ts';
import { rwsServer, rwsUnavailable } from '../peers/rws.ts';
import type { Expectation } from '../readiness.ts';
import type { ScenarioReport } from '../results.ts';
import { type Entrant, measureLoad } from '../rounds.ts';
import { manySitesRwsfile, middleSite, siteHost } from '../rwsfile-gen.ts';
import { type RunningServer, startServer } from '../server.ts';

const EXPECT: Expectation = { status: 200, body: Buffer.from('ok') };

export async function routingScenario(env: BenchEnv): Promise<ScenarioReport> {
  const count = env.options.sites;
  const target = middleSite(count);
  const one = 'rws (1 site)';
  const many = `rws (${count.toLocaleString('en-US')} sites)`;
  const title = `routing: 1 site vs ${count.toLocaleString('en-US')} sites on one listener`;
  const request = `GET / with Host: ${siteHost(target)}`;
  const unavailable = rwsUnavailable(env);
  if (unavailable !== null) {
    return {
      scenario: 'routing',
      tables: [
        await measureLoad(env, {
          title,
          request,
          expect: EXPECT,
          baselines: [one],
          entrants: [
            { kind: 'skipped', name: one, reason: unavailable },
            { kind: 'skipped', name: many, reason: unavailable },
          ],
        }),
      ],
    };
  }

  const started: RunningServer[] = [];
  const entrants: Entrant[] = [];
  try {
    for (const [name, only] of [
      [one, target],
      [many, undefined],
    ] as const) {
      env.progress(`routing: starting ${name}`);
      try {
        const server = await startServer(
          env,
          rwsServer(env, {
            name,
            rwsfile: (port) => manySitesRwsfile({ count, port, upstreamPort: null, only }),
            probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: `${siteHost(target)}:${port}` }),
            expect: EXPECT,
            startTimeoutMs: 120_000,
          }),
        );
        started.push(server);
        entrants.push({
          kind: 'ready',
          name,
          probe: { url: `http://127.0.0.1:${server.port}/`, host: `${siteHost(target)}:${server.port}` },
        });
      } catch (err) {
        entrants.push({ kind: 'failed', name, reason: (err as Error).message });
      }
    }
    const table = await measureLoad(env, {
      title,
      request,
      expect: EXPECT,
      baselines: [one],
      entrants,
      goals: [{ contestant: many, baseline: one, atLeast: 0.95 }],
      notes: ['each site: `header X-Site N` + `respond "ok"`; the 1-site file holds the same site alone'],
    });
    return { scenario: 'routing', tables: [table] };
  } finally {
    await Promise.all(started.map((s) => s.child.stop()));
  }
}
