import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

async function scrape(rws: Running): Promise<string> {
  const metrics = rws.server.addresses().metrics;
  if (metrics === null || !('port' in metrics)) throw new Error('metrics not listening');
  const res = await request(`http://127.0.0.1:${metrics.port}/metrics`);
  expect(res.statusCode).toBe(200);
  return res.body.text();
}

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

  it('renders the duration histogram like prom-client: cumulative buckets with le first, +Inf, sum and count', async () => {
    const global = { metrics: { address: { kind: 'tcp' as const, host: '127.0.0.1', port: 0 }, path: '/metrics', origin: 'Rwsfile:1:1' } };
    const rws = await start(plan({ global, listeners: [httpListener([site('h.test', [route([respond('ok')])])])] }));
    for (let i = 0; i < 2; i++) await (await request(`${rws.url}/`)).body.dump();
    const text = await scrape(rws);
    const lines = text.split('\n').filter((l) => l.startsWith('rws_request_duration_seconds'));
    const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
    expect(lines.map((l) => l.replace(/\} .*$/, '}'))).toEqual([
      ...bounds.map((le) => `rws_request_duration_seconds_bucket{le="${le}",site="h.test"}`),
      'rws_request_duration_seconds_sum{site="h.test"}',
      'rws_request_duration_seconds_count{site="h.test"}',
    ]);
    const values = lines.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    // Cumulative: never decreasing, +Inf equals the count.
    for (let i = 1; i < bounds.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(values[bounds.length - 1]).toBe(2);
    expect(values[bounds.length + 1]).toBe(2);
    expect(values[bounds.length]).toBeGreaterThan(0);
    expect(text).toContain('# TYPE rws_request_duration_seconds histogram');
    // Scraping again changes nothing by itself.
    expect(await scrape(rws)).toContain('rws_requests_total{site="h.test",method="GET",code="200"} 2');
  });

  it('counts open connections per listener, down to 0 once they close', async () => {
    const global = { metrics: { address: { kind: 'tcp' as const, host: '127.0.0.1', port: 0 }, path: '/metrics', origin: 'Rwsfile:1:1' } };
    const rws = await start(plan({ global, listeners: [httpListener([site('c.test', [route([respond('ok')])])])] }));
    const gauge = async (): Promise<number> => {
      const line = (await scrape(rws)).split('\n').find((l) => l.startsWith('rws_active_connections{listener="http/127.0.0.1/0"}'));
      return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const agent = new Agent({ connections: 2 });
    await Promise.all([0, 1].map(async () => (await request(`${rws.url}/`, { dispatcher: agent })).body.dump()));
    expect(await gauge()).toBeGreaterThanOrEqual(1);
    await agent.close();
    let open = await gauge();
    for (let i = 0; i < 100 && open !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = await gauge();
    }
    expect(open).toBe(0);
  });

  it('keeps counting across a reload, and lists only sites that saw requests', async () => {
    const global = { metrics: { address: { kind: 'tcp' as const, host: '127.0.0.1', port: 0 }, path: '/metrics', origin: 'Rwsfile:1:1' } };
    const sites = (body: string) => [site('r.test', [route([respond(body)])]), site('idle.test', [route([respond('idle')])])];
    const rws = await start(plan({ global, listeners: [httpListener(sites('one'), { exact: { 'r.test': 0, 'idle.test': 1 } })] }));
    await (await request(`${rws.url}/`, { headers: { host: 'r.test' } })).body.dump();
    await rws.server.apply(plan({ global, listeners: [httpListener(sites('two'), { exact: { 'r.test': 0, 'idle.test': 1 } })] }));
    const res = await request(`${rws.url}/`, { headers: { host: 'r.test' } });
    expect(await res.body.text()).toBe('two');
    const text = await scrape(rws);
    expect(text).toContain('rws_requests_total{site="r.test",method="GET",code="200"} 2');
    expect(text).toContain('rws_request_duration_seconds_count{site="r.test"} 2');
    expect(text).not.toContain('idle.test');
  });
});
