import { describe, expect, test } from 'vitest';
import type { UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import { planOf, siteDiagnostics, siteText } from '../compiler/directives/harness.ts';

function pool(block: string): UpstreamPoolPlan {
  return planOf(siteText(`reverse_proxy 127.0.0.1:3000 {\n${block}\n}`)).pools[0];
}

function problems(block: string): string[] {
  return siteDiagnostics(`reverse_proxy 127.0.0.1:3000 {\n${block}\n}`);
}

describe('resilience settings of reverse_proxy', () => {
  test('are all off by default', () => {
    expect(pool('lb_policy first')).toMatchObject({
      retry: { tries: 0, tryDurationMs: 0, intervalMs: 0, statuses: [], onTimeout: false, budget: { ratio: 0.2, minPerSec: 10 } },
      timeouts: { totalMs: 0 },
      health: null,
      outlier: null,
      breaker: null,
    });
  });

  test('active health checks, with defaults for what is not written', () => {
    expect(pool('health_uri /healthz').health).toEqual({
      uri: '/healthz',
      method: 'GET',
      port: null,
      intervalMs: 30_000,
      timeoutMs: 5_000,
      statusMin: 200,
      statusMax: 399,
      bodyPattern: null,
      headers: [],
      passes: 1,
      fails: 1,
    });
    expect(
      pool('health_uri /status?full=1\nhealth_port 9000\nhealth_method HEAD\nhealth_interval 2s\nhealth_timeout 500ms\nhealth_status 2xx\nhealth_body "^ok"\nhealth_header Host internal\nhealth_header X-Probe 1\nhealth_passes 3\nhealth_fails 2').health,
    ).toEqual({
      uri: '/status?full=1',
      method: 'HEAD',
      port: 9000,
      intervalMs: 2000,
      timeoutMs: 500,
      statusMin: 200,
      statusMax: 299,
      bodyPattern: '^ok',
      headers: [
        ['host', 'internal'],
        ['x-probe', '1'],
      ],
      passes: 3,
      fails: 2,
    });
    expect(pool('health_uri /\nhealth_status 200-204').health).toMatchObject({ statusMin: 200, statusMax: 204 });
    expect(pool('health_port 9000').health).toMatchObject({ uri: '/', port: 9000 });
  });

  test('outlier detection, breaker and retries', () => {
    expect(pool('outlier').outlier).toEqual({
      consecutiveFailures: 5,
      failureStatuses: [500, 502, 503, 504],
      windowMs: 0,
      baseEjectionMs: 30_000,
      maxEjectionMs: 300_000,
      maxEjectionPercent: 50,
      maxLatencyMs: 0,
    });
    expect(
      pool('outlier {\n\tconsecutive_failures 3\n\twindow 10s\n\tbase_ejection 5s\n\tmax_ejection 1m\n\tmax_ejection_percent 25%\n\tmax_latency 2s\n\tstatuses 502 503\n}').outlier,
    ).toEqual({ consecutiveFailures: 3, failureStatuses: [502, 503], windowMs: 10_000, baseEjectionMs: 5000, maxEjectionMs: 60_000, maxEjectionPercent: 25, maxLatencyMs: 2000 });
    expect(pool('breaker {\n\tmax_connections 10\n\tmax_pending 5\n\tmax_requests 100\n\tretry_after 1500ms\n}').breaker).toEqual({
      maxConnections: 10,
      maxPending: 5,
      maxRequests: 100,
      retryAfterSec: 2,
    });
    expect(pool('retries {\n\tstatuses 502 503\n\ton_timeout\n\ttry_duration 5s\n\tinterval 100ms\n\tbudget 10% min 5/s\n}\ntotal_timeout 30s')).toMatchObject({
      retry: { tries: 2, tryDurationMs: 5000, intervalMs: 100, statuses: [502, 503], onTimeout: true, budget: { ratio: 0.1, minPerSec: 5 } },
      timeouts: { totalMs: 30_000 },
    });
    expect(pool('lb_retries 3').retry).toMatchObject({ tries: 3, intervalMs: 0 });
    // Caddy's lb_try_duration alone: as many tries as fit, 250ms apart.
    expect(pool('lb_try_duration 1s').retry).toMatchObject({ tries: 4, tryDurationMs: 1000, intervalMs: 250 });
    expect(pool('lb_try_duration 1s\nlb_try_interval 100ms').retry).toMatchObject({ tries: 10, intervalMs: 100 });
  });

  test("Caddy's passive health checks read into the same outlier settings", () => {
    expect(pool('fail_duration 30s\nmax_fails 3\nunhealthy_status 502 503\nunhealthy_latency 1s').outlier).toEqual({
      consecutiveFailures: 3,
      failureStatuses: [502, 503],
      windowMs: 30_000,
      baseEjectionMs: 30_000,
      maxEjectionMs: 30_000,
      maxEjectionPercent: 100,
      maxLatencyMs: 1000,
    });
    expect(pool('fail_duration 10s\nunhealthy_status 5xx').outlier?.failureStatuses).toHaveLength(100);
    expect(problems('fail_duration 10s\noutlier')[0]).toMatch(/^RWS3410 error `fail_duration` `fail_duration` and an `outlier` block both set passive health checks/);
    expect(problems('max_fails 2')[0]).toMatch(/^RWS3411 warning `max_fails` `max_fails` has no effect without a `fail_duration`/);
  });

  test('invalid values are diagnosed, each with its code', () => {
    expect(problems('health_uri healthz')).toEqual(['RWS3402 error `healthz` health_uri `healthz` is not a path | write a path starting with `/`, e.g. `/healthz`']);
    expect(problems('health_uri /\nhealth_status 2x9')).toEqual(['RWS3401 error `2x9` invalid health_status `2x9`: expected a status, a class or a range | e.g. `200`, `2xx` or `200-399`']);
    expect(problems('health_uri /\nhealth_status 399-200')[0]).toMatch(/^RWS3401 error .* the range ends before it starts/);
    expect(problems('health_interval 5s')).toEqual([
      'RWS3403 warning `health_interval` `health_interval` has no effect without `health_uri` | add `health_uri /healthz` (the path your upstreams answer health probes on) to turn active health checks on',
    ]);
    expect(problems('health_uri /\nhealth_interval 1s\nhealth_timeout 2s')[0]).toMatch(/^RWS3404 warning `2s` health_timeout \(2000ms\) is not shorter than health_interval \(1000ms\)/);
    expect(problems('health_uri /\nhealth_body "(unclosed"')[0]).toMatch(/^RWS3109 error/);
    expect(problems('outlier {\n\tbase_ejection 1m\n\tmax_ejection 10s\n}')[0]).toMatch(/^RWS3405 error `10s` max_ejection \(10000ms\) is shorter than base_ejection \(60000ms\)/);
    expect(problems('outlier {\n\tmax_ejection_percent 50\n}')).toEqual(['RWS3116 error `50` invalid percentage `50` | write `50%`']);
    expect(problems('outlier {\n\tmax_ejection_percent 150%\n}')[0]).toMatch(/^RWS3116 error `150%` invalid percentage `150%`: more than 100%/);
    expect(problems('breaker {\n\tmax_pending 5\n}')[0]).toMatch(/^RWS3406 warning `max_pending` `max_pending` never trips without a connection limit/);
    expect(problems('breaker {\n\tmax_pending 5\n\tmax_connections 2\n}')).toEqual([]);
    expect(problems('lb_retries 2\nretries {\n\ttries 3\n}')[0]).toMatch(/^RWS3407 error `lb_retries` `lb_retries` and `tries` in `retries` set the same thing/);
    expect(problems('retries {\n\tbudget 20% 10/s\n}')[0]).toMatch(/^RWS3408 error `10\/s` expected `min` before the retry rate/);
    expect(problems('retries {\n\tbudget 20% min 10\n}')[0]).toMatch(/^RWS3408 error `10` invalid retry rate `10`/);
    expect(problems('retries {\n\ttries 0\n\tstatuses 502\n}')[0]).toMatch(/^RWS3409 warning `statuses` `statuses` has no effect: there are no retries/);
    expect(problems('retries {\n\tstatuses 700\n}')[0]).toMatch(/^RWS3104 error `700`/);
    expect(problems('breaker {\n\tmax_requests 0\n}')[0]).toMatch(/^RWS3103 error `0`/);
  });
});
