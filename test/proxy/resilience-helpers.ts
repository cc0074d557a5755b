/** Shared helpers for the resilience tests: rws in front of test upstreams, and plain requests. */
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import { planWith, type ProxyOptions, proxyPlan } from '../runtime/handlers/fixtures/plan.ts';
import { deferCleanup } from '../runtime/handlers/fixtures/cleanups.ts';
import { startRws, type RunningRws } from '../runtime/handlers/fixtures/rws.ts';

/** rws proxying to `urls` with these pool settings; closed after the test. */
export async function proxyTo(urls: readonly string[], pool: Partial<UpstreamPoolPlan> = {}, options: ProxyOptions = {}): Promise<RunningRws> {
  const rws = await startRws(planWith([proxyPlan(urls, { ...options, pool })]));
  deferCleanup(() => rws.close());
  return rws;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export async function fetchText(url: string, init: Parameters<typeof request>[1] = {}): Promise<Answer> {
  const res = await request(url, init);
  return { status: res.statusCode, body: await res.body.text(), headers: res.headers as IncomingHttpHeaders };
}

/** The retry settings of a pool with `tries` extra tries and everything else off. */
export function retries(tries: number, more: Partial<UpstreamPoolPlan['retry']> = {}): UpstreamPoolPlan['retry'] {
  return { tries, tryDurationMs: 0, intervalMs: 0, statuses: [], onTimeout: false, budget: { ratio: 1, minPerSec: 100 }, ...more };
}

/** Like eventually(), for a check that makes requests: bounded by the number of rounds. */
export async function until(check: () => Promise<boolean>, rounds = 100, stepMs = 10): Promise<boolean> {
  for (let i = 0; i < rounds; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return check();
}
