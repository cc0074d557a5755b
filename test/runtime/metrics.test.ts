import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';

afterEach(stopAll);

describe('metrics', () => {
  it('serves the Prometheus text format with request, error, connection and duration metrics', async () => {
    const rws = await start(
      plan({
        global: { metrics: { address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, path: '/metrics', origin: 'Rwsfile:1:1' } },
        matchers: [{ kind: 'path', patterns: [{ kind: 'exact', value: '/fail' }] }],
        listeners: [httpListener([site('m.test', [route([{ kind: 'error', status: 502, message: ['x'] }], [0]), route([respond('ok')])])])],
      }),
    );
    const metrics = rws.server.addresses().metrics;
    if (metrics === null || !('port' in metrics)) throw new Error('metrics not listening');
    expect(rws.logs.find((l) => l.msg === 'metrics listening')).toMatchObject({ host: '127.0.0.1', port: metrics.port });
    for (let i = 0; i < 3; i++) await (await request(`${rws.url}/`)).body.dump();
    await (await request(`${rws.url}/fail`, { method: 'POST' })).body.dump();
    await (await request(`${rws.url}/`, { method: 'PROPFIND' as 'GET' })).body.dump();

    const scrape = await request(`http://127.0.0.1:${metrics.port}/metrics`);
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    const text = await scrape.body.text();
    expect(text).toContain('rws_requests_total{site="m.test",method="GET",code="200"} 3');
    expect(text).toContain('rws_requests_total{site="m.test",method="POST",code="502"} 1');
    expect(text).toContain('rws_requests_total{site="m.test",method="OTHER",code="200"} 1');
    expect(text).toContain('rws_errors_total{site="m.test",kind="handler"} 1');
    expect(text).toMatch(/rws_active_connections\{listener="http\/127\.0\.0\.1\/0"\} \d+/);
    expect(text).toContain('rws_request_duration_seconds_count{site="m.test"} 5');
    expect(text).toContain('process_cpu_user_seconds_total');

    const other = await request(`http://127.0.0.1:${metrics.port}/nope`);
    expect(other.statusCode).toBe(404);
    await other.body.dump();
  });
});
