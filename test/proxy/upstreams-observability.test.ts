/**
 * Upstream observability through the real `rws run` process: per-upstream Prometheus metrics, the admin
 * endpoint's `GET /upstreams`, and `rws upstreams` printing the table (health from active checks included).
 */
import { request } from 'undici';
import { afterEach, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { refusedPort } from '../runtime/handlers/fixtures/upstream.ts';
import { runCli, startRws, tempDir, type RwsProcess } from '../support/rws-process.ts';
import { hostPort } from './support.ts';

afterEach(runCleanups);

const running: RwsProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop();
});

test('rws_upstream_* metrics, GET /upstreams and `rws upstreams` show each upstream\'s traffic and health', async () => {
  const ok = await trackedUpstream((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  const down = await refusedPort();
  const dir = tempDir({
    Rwsfile:
      `{\n\tadmin 127.0.0.1:0\n\tmetrics 127.0.0.1:0\n\tdefault_bind 127.0.0.1\n\tupstream api {\n\t\tto ${hostPort(ok.url)} 127.0.0.1:${down}\n\t\tlb_policy first\n` +
      `\t\thealth_uri /health\n\t\thealth_interval 300ms\n\t\thealth_timeout 5s\n\t}\n}\n\nhttp://:0 {\n\treverse_proxy /retry/* 127.0.0.1:${down} ${hostPort(ok.url)} {\n\t\tlb_policy first\n\t\tlb_retries 1\n\t}\n\treverse_proxy api\n}\n`,
  });
  const rws = await startRws(dir);
  running.push(rws);
  const site = `http://127.0.0.1:${rws.listening()[0].port}`;
  const admin = `127.0.0.1:${Number((await rws.waitForMsg('admin listening')).port)}`;
  const metricsPort = Number((await rws.waitForMsg('metrics listening')).port);
  const pool = async (name: string): Promise<Record<string, unknown>[]> =>
    (JSON.parse(await (await request(`http://${admin}/upstreams`)).body.text()) as { upstreams: Record<string, unknown>[] }).upstreams.filter((u) => u.pool === name);
  for (let i = 0; i < 5; i++) expect((await request(`${site}/`)).statusCode).toBe(200);
  expect((await request(`${site}/missing`)).statusCode).toBe(404);

  // The refused upstream is found down by its health checks.
  await expect
    .poll(async () => (await pool('api')).map((u) => [u.upstream, u.healthy]), { timeout: 10_000 })
    .toEqual([[ok.url, true], [`http://127.0.0.1:${down}`, false]]);
  const report = await pool('api');
  expect(report[0]).toMatchObject({ pool: 'api', upstream: ok.url, weight: 1, healthy: true, state: 'healthy', inFlight: 0, requests: 6, failures: 0, ejectedUntil: null });
  expect(report[1]).toMatchObject({ pool: 'api', healthy: false, state: 'unhealthy', requests: 0 });

  const scrape = await (await request(`http://127.0.0.1:${metricsPort}/metrics`)).body.text();
  expect(scrape).toContain(`rws_upstream_requests_total{pool="api",upstream="${ok.url}",code_class="2xx"} 5`);
  expect(scrape).toContain(`rws_upstream_requests_total{pool="api",upstream="${ok.url}",code_class="4xx"} 1`);
  expect(scrape).toContain(`rws_upstream_duration_seconds_count{pool="api",upstream="${ok.url}"} 6`);
  expect(scrape).toContain(`rws_upstream_healthy{pool="api",upstream="${ok.url}"} 1`);
  expect(scrape).toContain(`rws_upstream_healthy{pool="api",upstream="http://127.0.0.1:${down}"} 0`);
  expect(scrape).toContain(`rws_upstream_in_flight{pool="api",upstream="${ok.url}"} 0`);
  expect(scrape).toMatch(new RegExp(`rws_upstream_open_connections\\{pool="api",upstream="${ok.url.replaceAll('.', '\\.')}"\\} [1-9]`));

  const table = runCli(['upstreams', '--address', admin], dir);
  expect(table.code).toBe(0);
  const lines = table.stdout.trimEnd().split('\n').filter((l, i) => i === 0 || l.startsWith('api '));
  expect(lines[0]).toMatch(/^POOL\s+UPSTREAM\s+HEALTHY\s+IN FLIGHT\s+CONNS\s+REQUESTS\s+FAILURES\s+EJECTED UNTIL$/);
  expect(lines[1]).toMatch(new RegExp(`^api\\s+${ok.url.replaceAll('.', '\\.')}\\s+yes\\s+0\\s+\\d+\\s+6\\s+0\\s+-$`));
  expect(lines[2]).toMatch(/^api\s+http:\/\/127\.0\.0\.1:\d+\s+no \(unhealthy\)\s+0\s+0\s+0\s+0\s+-$/);

  // A failed try counts as a failure of the upstream that failed (an inline pool, named after its site).
  expect(await (await request(`${site}/retry/x`)).body.text()).toBe('ok');
  const json = JSON.parse(runCli(['upstreams', '--address', admin, '--json'], dir).stdout) as { pool: string; upstream: string; failures: number; requests: number }[];
  expect(json.filter((r) => r.pool === 'http://:0/1').map((r) => [r.upstream, r.requests, r.failures])).toEqual([
    [`http://127.0.0.1:${down}`, 0, 1],
    [ok.url, 1, 0],
  ]);
  const after = await (await request(`http://127.0.0.1:${metricsPort}/metrics`)).body.text();
  expect(after).toContain(`rws_upstream_failures_total{pool="http://:0/1",upstream="http://127.0.0.1:${down}",reason="connect"} 1`);
  expect(after).toContain('rws_upstream_retries_total{pool="http://:0/1",outcome="granted"} 1');
});
