import { createServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerPlan, Plan } from '../../runtime/plan/plan.ts';
import { certDir, certificatePlan, removeCerts, selfSigned } from './support/certs.ts';
import { httpListener, httpsListener, listenerTls, plan, respond, route, simplePlan, site } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';
import { closeUpstreams, gate, proxyTo, upstream } from './support/upstream.ts';

let dir: string;
beforeAll(() => {
  dir = certDir();
});
afterAll(() => removeCerts(dir));
afterEach(async () => {
  await stopAll();
  await closeUpstreams();
});

/** A listener with an arbitrary key (keys are opaque identities to the runtime) on 127.0.0.1:0. */
function keyed(key: string, body: string): ListenerPlan {
  return { ...httpListener([site(key, [route([respond(body)])])]), key };
}

/** A port that was free a moment ago (for tests that need a fixed port in the plan). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function text(url: string): Promise<string> {
  return (await request(url)).body.text();
}

/** Polls until `check` passes (bounded). */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`never happened: ${what}`);
}

describe('reload', () => {
  it('same hash: nothing changes', async () => {
    const first = simplePlan('one', { hash: 'same' });
    const rws = await start(first);
    expect(await rws.server.apply(simplePlan('two', { hash: 'same' }))).toEqual({ changed: false });
    expect(await text(`${rws.url}/`)).toBe('one');
    expect(rws.logs.filter((l) => l.msg === 'config applied').at(-1)).toMatchObject({ hash: 'same', changed: false });
  });

  it('swaps sites on an unchanged listener; a keep-alive connection survives the reload', async () => {
    const body = (v: string) => respond([v, ' ', { ph: 'request', field: 'remote_port' }]);
    const v1 = plan({ listeners: [httpListener([site('s', [route([body('v1')])])])] });
    const v2 = plan({ listeners: [httpListener([site('s', [route([body('v2')])])])] });
    const rws = await start(v1);
    const client = new Client(rws.url, { pipelining: 1, connections: 1 } as Client.Options);
    try {
      const [tag1, port1] = (await (await client.request({ path: '/', method: 'GET' })).body.text()).split(' ');
      expect(await rws.server.apply(v2)).toEqual({ changed: true });
      const [tag2, port2] = (await (await client.request({ path: '/', method: 'GET' })).body.text()).split(' ');
      expect([tag1, tag2]).toEqual(['v1', 'v2']);
      expect(port2).toBe(port1);
    } finally {
      await client.close();
    }
    expect(rws.logs.filter((l) => l.msg === 'listening')).toHaveLength(1);
    expect(rws.logs.filter((l) => l.msg === 'config applied').at(-1)).toMatchObject({ hash: v2.hash, changed: true });
  });

  it('reloads under steady load without a single failed request', async () => {
    const rws = await start(simplePlan('v0'));
    const pool = new Pool(rws.url, { connections: 4 });
    const seen = new Set<string>();
    let failures = 0;
    let requests = 0;
    let running = true;
    const worker = async () => {
      // Bounded: at most 5000 requests per worker even if the reloads never finish.
      for (let i = 0; running && i < 5000; i++) {
        try {
          const r = await pool.request({ path: '/', method: 'GET' });
          seen.add(await r.body.text());
          if (r.statusCode !== 200) failures++;
        } catch {
          failures++;
        }
        requests++;
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    try {
      for (let v = 1; v <= 5; v++) {
        await rws.server.apply(simplePlan(`v${v}`));
        const before = requests;
        await eventually(() => requests >= before + 20, 'requests on the new plan');
      }
    } finally {
      running = false;
      await Promise.all(workers);
      await pool.close();
    }
    expect(failures).toBe(0);
    expect(seen.has('v5')).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('a request in flight finishes on its plan; the retired plan closes its handlers afterwards', async () => {
    const held = gate();
    let arrived: () => void = () => {};
    const atUpstream = new Promise<void>((resolve) => (arrived = resolve));
    const up = await upstream((_req, res) => {
      arrived();
      void held.wait.then(() => res.end('from v1 upstream'));
    });
    const v1 = plan({ listeners: [httpListener([site('s', [route([proxyTo(up.url)])])])] });
    const rws = await start(v1);
    const inflight = request(`${rws.url}/slow`);
    await atUpstream;
    await rws.server.apply(simplePlan('v2'));
    expect(await text(`${rws.url}/`)).toBe('v2');
    // The old plan's proxy pool is still open: its request is in flight.
    expect(await new Promise<number>((r) => up.server.getConnections((_e, n) => r(n)))).toBe(1);
    held.open();
    const res = await inflight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('from v1 upstream');
    // Once drained, the retired plan's pool is closed: the upstream sees its connection go away.
    await eventually(() => new Promise<boolean>((r) => up.server.getConnections((_e, n) => r(n === 0))), 'the retired pool closes');
  });

  it('opens listeners for new keys and drains and closes listeners whose key is gone', async () => {
    const rws = await start(plan({ listeners: [keyed('old', 'old')] }));
    const oldPort = rws.port('old');
    await rws.server.apply(plan({ listeners: [keyed('new', 'new')] }));
    const listeners = rws.server.addresses().listeners;
    expect(listeners.map((l) => l.key)).toEqual(['new']);
    expect(await text(`http://127.0.0.1:${rws.port('new')}/`)).toBe('new');
    await eventually(async () => {
      try {
        await request(`http://127.0.0.1:${oldPort}/`);
        return false;
      } catch {
        return true;
      }
    }, 'the removed listener stops accepting');
    expect(rws.logs.filter((l) => l.msg === 'listening').map((l) => l.listener)).toEqual(['old', 'new']);
  });

  it('hands a port over to a listener whose bind address changed (same port, new key)', async () => {
    const port = await freePort();
    const all: ListenerPlan = { ...keyed(`http//${port}`, 'all interfaces'), bind: { host: '', port } };
    const loopback: ListenerPlan = { ...keyed(`http/127.0.0.1/${port}`, 'loopback only'), bind: { host: '127.0.0.1', port } };
    const rws = await start(plan({ listeners: [all] }));
    const client = new Client(`http://127.0.0.1:${port}`, { pipelining: 1 } as Client.Options);
    try {
      expect(await (await client.request({ path: '/', method: 'GET' })).body.text()).toBe('all interfaces');
      expect(await rws.server.apply(plan({ listeners: [loopback] }))).toEqual({ changed: true });
      expect(await text(`http://127.0.0.1:${port}/`)).toBe('loopback only');
      expect(rws.server.addresses().listeners.map((l) => l.key)).toEqual([`http/127.0.0.1/${port}`]);
    } finally {
      await client.close();
    }
  });

  it('a plan that cannot be provisioned is refused with a clear error and the old plan keeps serving', async () => {
    const rws = await start(simplePlan('still here'));
    const broken: Plan = plan({
      listeners: [
        httpListener([site('s', [route([respond('new')])])]),
        httpsListener([site('t', [route([respond('tls')])])], listenerTls([certificatePlan(['a.test'], { certFile: `${dir}/vanished.crt`, keyFile: `${dir}/vanished.key` })], 0)),
      ],
    });
    await expect(rws.server.apply(broken)).rejects.toThrow(/vanished\.crt.*ENOENT|ENOENT.*vanished\.crt/s);
    expect(await text(`${rws.url}/`)).toBe('still here');
    expect(rws.server.addresses().listeners).toHaveLength(1);
    expect(rws.server.plan.hash).not.toBe(broken.hash);
  });

  it('swaps TLS certificates in place on an unchanged https listener', async () => {
    const first = selfSigned(dir, 'first', ['a.test']);
    const second = selfSigned(dir, 'second', ['a.test']);
    const tlsPlan = (files: typeof first): Plan =>
      plan({
        listeners: [
          httpsListener([site('a.test', [route([respond('tls')])], { scheme: 'https' })], listenerTls([certificatePlan(['a.test'], files)], null, { alpn: ['http/1.1'] })),
        ],
      });
    const fingerprint = (port: number) =>
      new Promise<string>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port, servername: 'a.test', rejectUnauthorized: false }, () => {
          resolve(s.getPeerCertificate().fingerprint256);
          s.end();
        });
        s.on('error', reject);
      });
    const rws = await start(tlsPlan(first));
    const port = rws.port();
    const before = await fingerprint(port);
    await rws.server.apply(tlsPlan(second));
    expect(rws.port()).toBe(port);
    const after = await fingerprint(port);
    expect(after).not.toBe(before);
  });
});
