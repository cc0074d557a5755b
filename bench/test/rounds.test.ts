import { type Server, createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { findBinary } from '../binaries.ts';
import { measureLoad } from '../rounds.ts';
import { testEnv } from './helpers.ts';

function serve(body: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => res.end(body));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/` });
    });
  });
}

describe.skipIf(findBinary('wrk') === null)('measureLoad', () => {
  const servers: Server[] = [];
  const env = testEnv(['--duration', '1s', '--warmup', '0', '--rounds', '2', '--connections', '2']);
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await env.cleanup();
  });

  it('measures every correct contestant each round and disqualifies one serving the wrong body', async () => {
    const a = await serve('ok');
    const b = await serve('ok');
    const wrong = await serve('not found');
    servers.push(a.server, b.server, wrong.server);
    const table = await measureLoad(env, {
      title: 't',
      request: 'GET /',
      expect: { status: 200, body: Buffer.from('ok') },
      baselines: ['a'],
      entrants: [
        { kind: 'ready', name: 'a', probe: { url: a.url, host: null } },
        { kind: 'ready', name: 'b', probe: { url: b.url, host: null } },
        { kind: 'ready', name: 'wrong', probe: { url: wrong.url, host: null } },
        { kind: 'skipped', name: 'absent', reason: 'not installed' },
      ],
    });
    const [ra, rb, rw, rs] = table.results;
    expect(ra.outcome.kind === 'measured' && ra.outcome.rounds.length).toBe(2);
    expect(rb.outcome.kind === 'measured' && rb.outcome.rounds.every((r) => r.requests > 0)).toBe(true);
    expect(rw.outcome).toMatchObject({ kind: 'failed' });
    expect(rw.outcome.kind === 'failed' && rw.outcome.reason).toMatch(/different body.*"not found"/);
    expect(rs.outcome).toEqual({ kind: 'skipped', reason: 'not installed' });
    expect(table.detail).toBe('GET / · 2 connections, 1 wrk thread · 1s × 2 rounds');
  });
});
