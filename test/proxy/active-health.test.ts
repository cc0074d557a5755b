import { afterEach, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import type { ActiveHealthPlan } from '../../runtime/plan/plan.ts';
import { ActiveHealthChecker } from '../../runtime/handlers/proxy/health/active-checker.ts';
import { UpstreamHealth } from '../../runtime/handlers/proxy/health/upstream-health.ts';
import { deferCleanup, runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { eventually, refusedPort, startUpstream } from '../runtime/handlers/fixtures/upstream.ts';

afterEach(runCleanups);

function healthPlan(overrides: Partial<ActiveHealthPlan> = {}): ActiveHealthPlan {
  return {
    uri: '/healthz',
    method: 'GET',
    port: null,
    intervalMs: 20,
    timeoutMs: 500,
    statusMin: 200,
    statusMax: 399,
    bodyPattern: null,
    headers: [],
    passes: 1,
    fails: 1,
    ...overrides,
  };
}

/** A checker over one upstream (its own undici Pool), started and closed after the test. */
function check(url: string, plan: ActiveHealthPlan): { health: UpstreamHealth; checker: ActiveHealthChecker } {
  const pool = new Pool(url);
  const health = new UpstreamHealth();
  const u = new URL(url);
  const checker = new ActiveHealthChecker(plan, [{ origin: u.origin, hostPort: u.host, serverName: null, health, dispatcher: pool }], {
    pool: 'test',
    logger: null,
    open: (_target, origin) => new Pool(origin),
  });
  deferCleanup(async () => {
    await checker.close();
    await pool.close();
  });
  checker.start();
  return { health, checker };
}

describe('active health checks', () => {
  it('take a failing upstream out after `fails` failures and bring it back after `passes` passes', async () => {
    let status = 200;
    const seen: string[] = [];
    const upstream = await trackedUpstream((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-probe']} ${req.headers.host}`);
      res.statusCode = status;
      res.end('ok');
    });
    const { health } = check(upstream.url, healthPlan({ fails: 2, passes: 3, headers: [['x-probe', 'yes']] }));
    expect(await eventually(() => seen.length >= 2)).toBe(true);
    expect(health.healthy).toBe(true);
    expect(seen[0]).toBe(`GET /healthz yes 127.0.0.1:${upstream.port}`);

    status = 503;
    expect(await eventually(() => !health.healthy)).toBe(true);
    expect(health.lastProbeFailure).toBe('status 503 (expected 200-399)');
    expect(health.state(Date.now())).toBe('unhealthy');
    status = 204;
    const before = seen.length;
    expect(await eventually(() => health.healthy)).toBe(true);
    // Three passes in a row were needed.
    expect(seen.length - before).toBeGreaterThanOrEqual(3);
  });

  it('checks the body against the pattern', async () => {
    let body = 'status: degraded';
    const upstream = await trackedUpstream((_req, res) => res.end(body));
    const { health } = check(upstream.url, healthPlan({ bodyPattern: '^status: ok' }));
    expect(await eventually(() => !health.healthy)).toBe(true);
    expect(health.lastProbeFailure).toBe('body does not match /^status: ok/');
    body = 'status: ok';
    expect(await eventually(() => health.healthy)).toBe(true);
  });

  it('counts a refused connection and a probe with no answer in time as failures', async () => {
    const refused = check(`http://127.0.0.1:${await refusedPort()}`, healthPlan());
    expect(await eventually(() => !refused.health.healthy)).toBe(true);
    expect(refused.health.lastProbeFailure).toMatch(/^ECONNREFUSED/);

    const silent = await trackedUpstream(() => {
      /* never answers */
    });
    const slow = check(silent.url, healthPlan({ timeoutMs: 50, intervalMs: 100 }));
    expect(await eventually(() => !slow.health.healthy)).toBe(true);
    expect(slow.health.lastProbeFailure).toBe('no answer within 50ms');
  });

  it('probes another port when asked, and stops on close', async () => {
    let probes = 0;
    const service = await trackedUpstream((_req, res) => res.end('service'));
    const admin = await startUpstream((req, res) => {
      probes++;
      res.end(req.url);
    });
    deferCleanup(() => admin.close());
    const { health, checker } = check(service.url, healthPlan({ port: admin.port }));
    expect(await eventually(() => probes >= 2)).toBe(true);
    expect(health.healthy).toBe(true);
    await checker.close();
    // A probe already on the wire may still land; after that, nothing more.
    await new Promise((resolve) => setTimeout(resolve, 40));
    const after = probes;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(probes).toBe(after);
    // The dispatcher the checker opened for the other port is closed: no connection stays open to it.
    expect(await eventually(() => admin.sockets.size === 0)).toBe(true);
  });
});
