/** The resilience settings as a user writes them: an Rwsfile compiled and served, real upstreams behind it. */
import { afterEach, describe, expect, test } from 'vitest';
import { runCleanups, trackedUpstream } from '../runtime/handlers/fixtures/cleanups.ts';
import { fetchText, until } from './resilience-helpers.ts';
import { hostPort, serveRwsfile } from './support.ts';

afterEach(runCleanups);

describe('an Rwsfile with health checks, retries and a breaker', () => {
  test('probes take a sick upstream out, a retried 503 never reaches the client, all in one block', async () => {
    let aHealthy = true;
    let aHits = 0;
    const a = await trackedUpstream((req, res) => {
      if (req.url === '/healthz') {
        res.statusCode = aHealthy ? 200 : 500;
        res.end(aHealthy ? 'ok' : 'sick');
        return;
      }
      aHits++;
      res.statusCode = 503;
      res.end('a is overloaded');
    });
    const b = await trackedUpstream((req, res) => res.end(req.url === '/healthz' ? 'ok' : 'b'));
    const rws = await serveRwsfile(`{
  admin off
}
http://127.0.0.1:0 {
  reverse_proxy ${hostPort(a.url)} ${hostPort(b.url)} {
    lb_policy first
    health_uri /healthz
    health_interval 300ms
    health_timeout 250ms
    health_fails 2
    health_body ^ok$
    retries {
      tries 1
      statuses 503
    }
    breaker {
      max_requests 100
      retry_after 3s
    }
  }
}
`);
    // a answers 503 to real requests: each is retried on b.
    expect(await fetchText(`${rws.url}/x`)).toMatchObject({ status: 200, body: 'b' });
    expect(aHits).toBe(1);
    // a's probes fail: it leaves rotation, requests go straight to b.
    aHealthy = false;
    expect(await until(async () => rws.logs.some((l) => l.msg === 'upstream unhealthy'), 300)).toBe(true);
    const before = aHits;
    for (let i = 0; i < 3; i++) expect((await fetchText(`${rws.url}/y`)).body).toBe('b');
    expect(aHits).toBe(before);
  });
});
