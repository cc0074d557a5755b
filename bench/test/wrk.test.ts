import { type Server, createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { findBinary } from '../binaries.ts';
import { Children } from '../children.ts';
import { runWrk } from '../wrk.ts';

const wrk = findBinary('wrk');

function serve(status: number, body: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/` });
    });
  });
}

describe.skipIf(wrk === null)('runWrk (real wrk against a real server)', () => {
  const children = new Children();
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('reads requests/s and latency percentiles from the Lua done hook', async () => {
    const { server, url } = await serve(200, 'ok');
    servers.push(server);
    const r = await runWrk(children, { wrk: wrk ?? '', url, host: null, durationSec: 1, connections: 4, threads: 1, pinning: { kind: 'none', reason: 'test' } });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.requestsPerSec).toBeGreaterThan(0);
    expect(r.durationSec).toBeGreaterThan(0.5);
    expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.p50);
    expect(r.errors).toEqual({ connect: 0, read: 0, write: 0, status: 0, timeout: 0 });
  });

  it('counts error statuses, so a server answering 500 cannot look fast', async () => {
    const { server, url } = await serve(500, 'no');
    servers.push(server);
    const r = await runWrk(children, { wrk: wrk ?? '', url, host: null, durationSec: 1, connections: 2, threads: 1, pinning: { kind: 'none', reason: 'test' } });
    expect(r.errors.status).toBe(r.requests);
  });

  it('fails with wrk\'s own words when there is nothing to measure', async () => {
    await expect(
      runWrk(children, { wrk: wrk ?? '', url: 'not a url', host: null, durationSec: 1, connections: 1, threads: 1, pinning: { kind: 'none', reason: 'test' } }),
    ).rejects.toThrow(/wrk produced no report/);
  });
});
