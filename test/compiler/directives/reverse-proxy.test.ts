import { describe, expect, it } from 'vitest';
import type { ReverseProxyHandler, UpstreamPoolPlan } from '../../../runtime/plan/plan.ts';
import { planOf, siteDiagnostics, siteText } from './harness.ts';

/** The site's single reverse_proxy handler and the pool it refers to. */
function proxyAndPool(body: string): { handler: ReverseProxyHandler; pool: UpstreamPoolPlan } {
  const plan = planOf(siteText(body));
  const handlers = plan.listeners[0].sites[0].routes.flatMap((r) => r.handlers);
  const h = handlers[0];
  if (handlers.length !== 1 || h.kind !== 'reverse_proxy' || h.pool === null) throw new Error(`expected one reverse_proxy, got ${JSON.stringify(handlers)}`);
  return { handler: h, pool: plan.pools[h.pool] };
}

function proxy(body: string): ReverseProxyHandler {
  return proxyAndPool(body).handler;
}

function pool(body: string): UpstreamPoolPlan {
  return proxyAndPool(body).pool;
}

describe('reverse_proxy', () => {
  it('has defaults for everything but the upstreams, in an inline pool named after the site', () => {
    const { handler, pool: p } = proxyAndPool('reverse_proxy 127.0.0.1:3000');
    expect(handler).toEqual({ kind: 'reverse_proxy', pool: 0, split: null, mirror: null, headersUp: [], headersDown: [], hostHeader: null, flushIntervalMs: 0 });
    expect({ ...p, origin: p.origin.replace(/^.*Rwsfile:/, ''), upstreams: p.upstreams.map((u) => ({ ...u, origin: u.origin.replace(/^.*Rwsfile:/, '') })) }).toEqual({
      name: 'http://:8080/1',
      upstreams: [{ url: 'http://127.0.0.1:3000', weight: 1, origin: '2:16' }],
      dynamic: null,
      lb: { kind: 'round_robin' },
      sticky: null,
      transport: { protocol: 'http1', tls: null, proxyProtocol: null, keepAliveTimeoutMs: 60_000, maxConnsPerUpstream: null },
      timeouts: { dialMs: 3000, responseHeaderMs: 30_000, readMs: 60_000, totalMs: 0 },
      retry: { tries: 0, tryDurationMs: 0, intervalMs: 0, statuses: [], onTimeout: false, budget: { ratio: 0.2, minPerSec: 10 } },
      health: null,
      outlier: null,
      breaker: null,
      origin: '2:2',
    });
  });

  it('gives each inline reverse_proxy its own pool', () => {
    const plan = planOf(siteText('handle /a {\n\treverse_proxy :3001\n}\nhandle {\n\treverse_proxy :3001\n}'));
    expect(plan.pools.map((p) => p.name)).toEqual(['http://:8080/1', 'http://:8080/2']);
  });

  it('collects upstreams from the line and from `to`', () => {
    expect(pool('reverse_proxy :3001 {\n\tto https://api.example.com\n\tto [::1]:3003\n}').upstreams.map((u) => u.url)).toEqual([
      'http://localhost:3001',
      'https://api.example.com:443',
      'http://[::1]:3003',
    ]);
  });

  it('reads balancing, retries, flushing and the transport', () => {
    const { handler, pool: p } = proxyAndPool(
      'reverse_proxy a:1 b:2 {\n\tlb_policy least_conn\n\tlb_retries 2\n\tflush_interval -1\n\ttransport http {\n\t\tdial_timeout 500ms\n\t\tresponse_header_timeout 1m\n\t\tread_timeout 2m\n\t\tkeepalive off\n\t\tmax_conns_per_host 64\n\t}\n}',
    );
    expect(handler.flushIntervalMs).toBe(-1);
    expect(p).toMatchObject({
      lb: { kind: 'least_conn' },
      retry: { tries: 2 },
      timeouts: { dialMs: 500, responseHeaderMs: 60_000, readMs: 120_000 },
      transport: { keepAliveTimeoutMs: 0, maxConnsPerUpstream: 64 },
    });
    expect(proxy('reverse_proxy a:1 {\n\tflush_interval 100ms\n}').flushIntervalMs).toBe(100);
  });

  it('turns header_up Host into hostHeader and the rest into header ops', () => {
    const h = proxy('reverse_proxy a:1 {\n\theader_up Host backend.internal\n\theader_up X-Request-Id {request_id}\n\theader_up -Cookie\n\theader_down -Server\n\theader_down +Via rws\n}');
    expect(h.hostHeader).toEqual(['backend.internal']);
    expect(h.headersUp).toEqual([
      { op: 'set', name: 'x-request-id', value: [{ ph: 'request', field: 'request_id' }] },
      { op: 'delete', name: 'cookie' },
    ]);
    expect(h.headersDown).toEqual([
      { op: 'delete', name: 'server' },
      { op: 'add', name: 'via', value: ['rws'] },
    ]);
  });

  it('fills in {upstream_hostport} and friends when the upstreams share a host and port', () => {
    expect(proxy('reverse_proxy https://api.example.com {\n\theader_up Host {upstream_hostport}\n}').hostHeader).toEqual(['api.example.com']);
    expect(proxy('reverse_proxy api.internal:8080 {\n\theader_up Host {upstream_hostport}\n}').hostHeader).toEqual(['api.internal:8080']);
    expect(proxy('reverse_proxy api.internal:8080 {\n\theader_up X-Upstream {upstream_host}/{upstream_port}\n}').headersUp).toEqual([
      { op: 'set', name: 'x-upstream', value: ['api.internal/8080'] },
    ]);
  });

  it('reports upstream placeholders with upstreams that differ', () => {
    expect(siteDiagnostics('reverse_proxy a:1 b:2 {\n\theader_up Host {upstream_hostport}\n}')).toEqual([
      'RWS3251 error `{upstream_hostport}` `{upstream_hostport}` needs all upstreams to share one host and port, but they differ | write the Host value explicitly, e.g. `header_up Host api.internal`',
    ]);
  });

  it('reports a missing upstream, and the block\'s errors too', () => {
    expect(siteDiagnostics('reverse_proxy {\n\tlb_policy first\n}')).toEqual([
      'RWS3250 error `reverse_proxy` `reverse_proxy` needs at least one upstream | e.g. `reverse_proxy 127.0.0.1:3000`',
    ]);
    expect(siteDiagnostics('reverse_proxy {\n\tlb_policy rnd_robin\n}')).toEqual([
      'RWS3250 error `reverse_proxy` `reverse_proxy` needs at least one upstream | e.g. `reverse_proxy 127.0.0.1:3000`',
      'RWS3113 error `rnd_robin` unknown lb_policy `rnd_robin`: expected one of `round_robin`, `random`, `first`, `least_conn`, `p2c`, `ip_hash`, `hash` | did you mean `round_robin`?',
    ]);
  });

  it('reports an upstream with a path', () => {
    expect(siteDiagnostics('reverse_proxy http://app:3000/api')).toEqual([
      'RWS3107 error `/api` invalid upstream `http://app:3000/api`: an upstream cannot have a path or query | an upstream names a server only; change the path with `rewrite` or `uri strip_prefix` before `reverse_proxy`',
    ]);
  });

  it('warns about an upstream listed twice', () => {
    expect(siteDiagnostics('reverse_proxy localhost:3000 {\n\tto http://LOCALHOST:3000\n}')).toEqual([
      'RWS3115 warning `http://LOCALHOST:3000` upstream `http://LOCALHOST:3000` is listed twice | remove this one',
    ]);
  });

  it('suggests the closest lb_policy', () => {
    expect(siteDiagnostics('reverse_proxy a:1 {\n\tlb_policy least_connections\n}')).toEqual([
      'RWS3113 error `least_connections` unknown lb_policy `least_connections`: expected one of `round_robin`, `random`, `first`, `least_conn`, `p2c`, `ip_hash`, `hash`',
    ]);
    expect(siteDiagnostics('reverse_proxy a:1 {\n\tlb_policy rnd_robin\n}')[0]).toContain('did you mean `round_robin`?');
  });

  it('reports invalid retries, flush interval and transport values', () => {
    expect(siteDiagnostics('reverse_proxy a:1 {\n\tlb_retries many\n}')).toEqual(['RWS3103 error `many` invalid number `many`: expected a whole number | write digits only, e.g. `0`']);
    expect(siteDiagnostics('reverse_proxy a:1 {\n\tflush_interval 10\n}')).toEqual([
      'RWS3101 error `10` invalid duration `10`: missing a unit | write `10s` for seconds or `10ms` for milliseconds (units: ms, s, m, h, d)',
    ]);
    expect(siteDiagnostics('reverse_proxy a:1 {\n\ttransport http {\n\t\tdial_timeout 5x\n\t\tmax_conns_per_host 0\n\t}\n}')).toEqual([
      'RWS3101 error `x` invalid duration `5x`: unknown unit `x` | units: ms, s, m, h, d, e.g. `1m30s`',
      'RWS3103 error `0` number `0` is out of range: must be at least 1',
    ]);
  });

  it('reports a keepalive that is neither a duration nor off', () => {
    expect(siteDiagnostics('reverse_proxy a:1 {\n\ttransport http {\n\t\tkeepalive never\n\t}\n}')).toEqual([
      'RWS3101 error `never` invalid keepalive `never`: expected a duration or `off` | e.g. `keepalive 90s`, or `keepalive off` to close connections after each request',
    ]);
  });

  it('reports an unknown transport and an unknown transport setting', () => {
    expect(siteDiagnostics('reverse_proxy a:1 {\n\ttransport fastcgi\n}')).toEqual(['RWS3113 error `fastcgi` unknown transport `fastcgi`: expected one of `http`']);
    expect(siteDiagnostics('reverse_proxy a:1 {\n\ttransport http {\n\t\tdial_timout 1s\n\t}\n}')).toEqual([
      'RWS3007 error `dial_timout` unknown subdirective `dial_timout` in `transport` | did you mean `dial_timeout`?',
    ]);
  });

  it('reports header_up errors', () => {
    expect(siteDiagnostics('reverse_proxy a:1 {\n\theader_up -Cookie x\n}')).toEqual([
      'RWS3221 error `x` `-Cookie` deletes the header and takes no value | to set it instead, write `Cookie x`',
    ]);
  });
});

describe('named pools', () => {
  const global = 'upstream api {\n\tto 10.0.0.1:80 10.0.0.2:80\n}\nupstream shadow {\n\tto 10.0.9.1:80\n}';

  it('`reverse_proxy NAME` refers to the declared pool; every use shares one entry of Plan.pools', () => {
    const plan = planOf(siteText('handle /a {\n\treverse_proxy api\n}\nhandle {\n\treverse_proxy api {\n\t\tmirror shadow 25%\n\t}\n}', { global }));
    expect(plan.pools.map((p) => p.name)).toEqual(['api', 'shadow']);
    const proxies = JSON.stringify(plan.listeners[0].sites[0].routes).match(/"kind":"reverse_proxy","pool":\d/g);
    expect(proxies).toEqual(['"kind":"reverse_proxy","pool":0', '"kind":"reverse_proxy","pool":0']);
    expect(JSON.stringify(plan.listeners[0].sites[0].routes)).toContain('"mirror":{"pool":1,"percent":25}');
  });

  it('without declared pools a bare word is still a host on port 80', () => {
    expect(pool('reverse_proxy backend').upstreams.map((u) => u.url)).toEqual(['http://backend:80']);
  });

  it('with declared pools an unknown bare word is an error with a suggestion, a host with a port is not', () => {
    expect(siteDiagnostics('reverse_proxy apj', { global }).filter((d) => !d.startsWith('RWS3704'))).toEqual([
      'RWS3703 error `apj` unknown upstream pool `apj` | did you mean `api`?',
    ]);
    expect(siteDiagnostics('reverse_proxy /a backend:80\nreverse_proxy api {\n\tmirror shadow\n}', { global })).toEqual([]);
  });

  it('reads weights, hash policies and sticky sessions', () => {
    expect(pool('reverse_proxy a:1 b:2 {\n\tweights 5 1\n\tlb_policy hash cookie Session\n\tsticky rws {\n\t\tmax_age 90s\n\t}\n}')).toMatchObject({
      upstreams: [{ url: 'http://a:1', weight: 5 }, { url: 'http://b:2', weight: 1 }],
      lb: { kind: 'hash', source: 'cookie', key: 'Session' },
      sticky: { cookie: 'rws', secret: null, maxAgeSec: 90 },
    });
    expect(pool('reverse_proxy a:1 {\n\tlb_policy hash header X-User\n}').lb).toEqual({ kind: 'hash', source: 'header', key: 'x-user' });
    expect(pool('reverse_proxy a:1 {\n\tlb_policy p2c\n}').lb).toEqual({ kind: 'p2c' });
  });
});
