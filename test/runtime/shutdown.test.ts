import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { httpListener, plan, route, simplePlan, site } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';
import { closeUpstreams, gate, proxyTo, upstream } from './support/upstream.ts';

afterEach(async () => {
  await stopAll();
  await closeUpstreams();
});

async function slowSite() {
  const held = gate();
  let arrived: () => void = () => {};
  const atUpstream = new Promise<void>((resolve) => (arrived = resolve));
  const up = await upstream((_req, res) => {
    arrived();
    void held.wait.then(() => res.end('slow answer'));
  });
  const rws = await start(plan({ listeners: [httpListener([site('s', [route([proxyTo(up.url)])])])] }));
  return { rws, held, atUpstream };
}

describe('shutdown', () => {
  it('stops accepting, lets a request in flight finish, then resolves', async () => {
    const { rws, held, atUpstream } = await slowSite();
    const port = rws.port();
    const inflight = request(`${rws.url}/slow`);
    await atUpstream;
    let stopped = false;
    const stopping = rws.server.shutdown(30_000).then(() => (stopped = true));
    expect(rws.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ graceMs: 30_000 });
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(stopped).toBe(false);
    held.open();
    const res = await inflight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('slow answer');
    await stopping;
    await rws.server.closed;
    expect(rws.logs.at(-1)?.msg).toBe('stopped');
  });

  it('closes idle keep-alive connections at once instead of waiting for the grace period', async () => {
    const rws = await start(simplePlan('hi'));
    const socket = connect(rws.port(), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered;
    // A 10-minute grace period: the test only finishes in time if the idle connection is closed right away.
    await rws.server.shutdown(600_000);
    await closed;
  });

  it('leaves no server or socket handle behind', async () => {
    const count = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
    const before = count();
    const rws = await start(simplePlan('hi', { global: { metrics: { address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, path: '/m', origin: 'x' }, admin: { address: { kind: 'tcp', host: '127.0.0.1', port: 0 }, origin: 'x' } } }));
    const socket = connect(rws.port(), '127.0.0.1');
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(count()).toBeGreaterThan(before);
    await rws.server.shutdown(1_000);
    await closed;
    expect(count()).toBe(before);
  });

  it('destroys what is still running when the grace period is over', async () => {
    const { rws, atUpstream } = await slowSite();
    const inflight = request(`${rws.url}/never`).then(
      () => 'answered',
      () => 'failed',
    );
    await atUpstream;
    await rws.server.shutdown(50);
    expect(await inflight).toBe('failed');
    expect(rws.logs.some((l) => l.msg === 'grace period over: closing remaining connections')).toBe(true);
  });
});
