import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { planWith, type ProxyOptions, proxyPlan } from './fixtures/plan.ts';
import { rawGet, rawRequest } from './fixtures/raw-http.ts';
import { deferCleanup, runCleanups, trackedUpstream } from './fixtures/cleanups.ts';
import { startRws, type RunningRws } from './fixtures/rws.ts';
import { eventually, refusedPort, startRawUpstream, type TestUpstream } from './fixtures/upstream.ts';

afterEach(runCleanups);

const upstream = trackedUpstream;

async function proxy(urls: string[], overrides: ProxyOptions = {}, maxBodyBytes: number | null = null): Promise<RunningRws> {
  const rws = await startRws(planWith([proxyPlan(urls, overrides)], { maxBodyBytes }));
  deferCleanup(() => rws.close());
  return rws;
}

async function named(name: string): Promise<TestUpstream> {
  return upstream((_req, res) => res.end(name));
}

async function text(url: string, init: Parameters<typeof request>[1] = {}): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  const res = await request(url, init);
  return { status: res.statusCode, body: await res.body.text(), headers: res.headers as IncomingHttpHeaders };
}

describe('balancing', () => {
  test('round_robin rotates over three upstreams', async () => {
    const ups = await Promise.all(['a', 'b', 'c'].map(named));
    const rws = await proxy(ups.map((u) => u.url));
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await text(`${rws.url}/`)).body);
    expect(seen).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  test('round_robin honours weights without bursts', async () => {
    const ups = await Promise.all(['a', 'b'].map(named));
    const rws = await startRws(
      planWith([proxyPlan([], { upstreams: [{ url: ups[0].url, weight: 2, origin: 't' }, { url: ups[1].url, weight: 1, origin: 't' }] })]),
    );
    deferCleanup(() => rws.close());
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await text(`${rws.url}/`)).body);
    expect(seen).toEqual(['a', 'b', 'a', 'a', 'b', 'a']);
  });

  test('first always picks the first upstream', async () => {
    const ups = await Promise.all(['a', 'b'].map(named));
    const rws = await proxy(ups.map((u) => u.url), { lbPolicy: 'first' });
    for (let i = 0; i < 3; i++) expect((await text(`${rws.url}/`)).body).toBe('a');
  });

  test('ip_hash keeps a client on one upstream', async () => {
    const ups = await Promise.all(['a', 'b', 'c'].map(named));
    const rws = await proxy(ups.map((u) => u.url), { lbPolicy: 'ip_hash' });
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await text(`${rws.url}/`)).body);
    expect(seen.size).toBe(1);
  });

  test('random stays within the upstreams', async () => {
    const ups = await Promise.all(['a', 'b'].map(named));
    const rws = await proxy(ups.map((u) => u.url), { lbPolicy: 'random' });
    for (let i = 0; i < 6; i++) expect(['a', 'b']).toContain((await text(`${rws.url}/`)).body);
  });

  test('least_conn avoids the upstream that is busy', async () => {
    let releaseSlow!: () => void;
    const slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
    const handler = (name: string) => upstream((req, res) => {
      if (req.url === '/slow') {
        slowArrived();
        void slowHeld.then(() => res.end(`${name}-slow`));
      } else res.end(name);
    });
    const ups = await Promise.all([handler('a'), handler('b')]);
    const rws = await proxy(ups.map((u) => u.url), { lbPolicy: 'least_conn' });
    const slow = text(`${rws.url}/slow`);
    await arrived;
    // One at a time: each finds one upstream busy with /slow and the other idle.
    const quick = [await text(`${rws.url}/`), await text(`${rws.url}/`), await text(`${rws.url}/`)];
    releaseSlow();
    const slowName = (await slow).body.replace('-slow', '');
    for (const q of quick) expect(q.body).not.toBe(slowName);
  });
});

describe('request forwarding', () => {
  test('a 5 MB POST streams to the upstream and back intact', async () => {
    const payload = randomBytes(5 * 1024 * 1024);
    const expected = createHash('sha256').update(payload).digest('hex');
    let upstreamHash = '';
    const u = await upstream((req, res) => {
      const hash = createHash('sha256');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        res.write(chunk);
      });
      req.on('end', () => {
        upstreamHash = hash.digest('hex');
        res.end();
      });
    });
    const rws = await proxy([u.url]);
    // A stream without a length: sent chunked, never buffered whole by the client.
    const chunks = Array.from({ length: 80 }, (_, i) => payload.subarray(i * 65536, (i + 1) * 65536));
    const res = await request(`${rws.url}/upload`, { method: 'POST', body: Readable.from(chunks) });
    const hash = createHash('sha256');
    for await (const chunk of res.body) hash.update(chunk as Buffer);
    expect(res.statusCode).toBe(200);
    expect(hash.digest('hex')).toBe(expected);
    expect(upstreamHash).toBe(expected);
  });

  test('X-Forwarded-* are added, hop-by-hop headers are dropped, end-to-end ones pass', async () => {
    const u = await upstream((req, res) => res.end(JSON.stringify(req.headers)));
    const rws = await proxy([u.url]);
    const res = await rawRequest(
      rws.port,
      [
        'GET /path HTTP/1.1',
        'Host: site.test:8080',
        'Connection: close, X-Hop-Secret',
        'X-Hop-Secret: 1',
        'Keep-Alive: timeout=5',
        'Proxy-Connection: keep-alive',
        'Proxy-Authorization: Basic Zm9vOmJhcg==',
        'TE: trailers, deflate',
        'Upgrade-Insecure-Requests: 1',
        'X-Forwarded-For: 203.0.113.9',
        'X-End-To-End: kept',
        'Cookie: a=1',
      ].join('\r\n'),
    );
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as Record<string, string>;
    // No trusted proxies: what the client claims is replaced (test/proxy/forwarded.test.ts has the trusted case).
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('site.test:8080');
    expect(seen['host']).toBe('site.test:8080');
    expect(seen['x-end-to-end']).toBe('kept');
    expect(seen['cookie']).toBe('a=1');
    expect(seen['upgrade-insecure-requests']).toBe('1');
    expect(seen['te']).toBe('trailers');
    for (const hop of ['x-hop-secret', 'keep-alive', 'proxy-connection', 'proxy-authorization']) expect(seen[hop]).toBeUndefined();
  });

  test('hop-by-hop headers of the response are dropped too', async () => {
    const u = await startRawUpstream((socket) => {
      socket.once('data', () => {
        socket.end(
          'HTTP/1.1 200 OK\r\nConnection: X-Down-Hop\r\nX-Down-Hop: 1\r\nKeep-Alive: timeout=99\r\nProxy-Authenticate: Basic\r\n' +
            'X-Kept: yes\r\nContent-Length: 2\r\n\r\nok',
        );
      });
    });
    deferCleanup(() => u.close());
    const rws = await proxy([u.url]);
    const res = await text(`${rws.url}/`);
    expect(res.body).toBe('ok');
    expect(res.headers['x-kept']).toBe('yes');
    expect(res.headers['x-down-hop']).toBeUndefined();
    expect(res.headers['proxy-authenticate']).toBeUndefined();
    expect(res.headers['keep-alive']).not.toBe('timeout=99');
  });

  test('header_up, header_down and the Host override apply', async () => {
    const u = await upstream((req, res) => {
      res.setHeader('x-internal', 'secret');
      res.setHeader('server', 'backend/1.0');
      res.end(JSON.stringify(req.headers));
    });
    const rws = await proxy([u.url], {
      hostHeader: ['backend.internal'],
      headersUp: [
        { op: 'set', name: 'x-tenant', value: ['t-', { ph: 'request', field: 'method' }] },
        { op: 'delete', name: 'x-drop-me' },
      ],
      headersDown: [
        { op: 'delete', name: 'x-internal' },
        { op: 'replace', name: 'server', pattern: 'backend/(\\d)', replace: ['rws-$1'] },
      ],
    });
    const res = await text(`${rws.url}/`, { headers: { 'x-drop-me': '1' } });
    const seen = JSON.parse(res.body) as Record<string, string>;
    expect(seen['host']).toBe('backend.internal');
    expect(seen['x-tenant']).toBe('t-GET');
    expect(seen['x-drop-me']).toBeUndefined();
    expect(res.headers['x-internal']).toBeUndefined();
    expect(res.headers['server']).toBe('rws-1.0');
  });

  test('the raw path goes upstream unchanged, with its query', async () => {
    const u = await upstream((req, res) => res.end(req.url));
    const rws = await proxy([u.url]);
    expect((await rawGet(rws.port, '/a%2Fb/c%20d?x=1&y=%2F')).body).toBe('/a%2Fb/c%20d?x=1&y=%2F');
    expect((await rawGet(rws.port, '/a/./b/../c')).body).toBe('/a/c');
  });

  test('the request body limit applies (413)', async () => {
    const u = await upstream((req, res) => req.resume().on('end', () => res.end('ok')));
    const rws = await proxy([u.url], {}, 1000);
    const res = await text(`${rws.url}/`, { method: 'POST', body: Buffer.alloc(5000) });
    expect(res.status).toBe(413);
  });

  test('an Upgrade the upstream declines gets its ordinary answer, then the connection closes', async () => {
    const u = await named('a');
    const rws = await proxy([u.url]);
    const res = await rawRequest(rws.port, 'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket');
    expect(res.status).toBe(200);
    expect(res.body).toBe('a');
    expect(res.headers['connection']).toBe('close');
  });
});

describe('failures', () => {
  test('a refused upstream answers 502', async () => {
    const rws = await proxy([`http://127.0.0.1:${await refusedPort()}`]);
    const res = await text(`${rws.url}/`);
    expect(res.status).toBe(502);
  });

  test('an upstream name that does not resolve answers 502, and is retried like a refusal', async () => {
    const ok = await named('ok');
    const rws = await proxy(['http://upstream.invalid:8080', ok.url], { lbPolicy: 'first', retries: 1 });
    expect(await text(`${rws.url}/`)).toMatchObject({ status: 200, body: 'ok' });
    const alone = await proxy(['http://upstream.invalid:8080']);
    expect((await text(`${alone.url}/`)).status).toBe(502);
  });

  test('a refused connection is retried on the next upstream, and that upstream is skipped for a while', async () => {
    const ok = await named('ok');
    const echo = await upstream((req, res) => req.pipe(res));
    const rws = await proxy([`http://127.0.0.1:${await refusedPort()}`, echo.url], { lbPolicy: 'first', retries: 1 });
    // The body of the failed try was never consumed, so the retry carries it whole.
    const res = await text(`${rws.url}/`, { method: 'PUT', body: Readable.from([Buffer.from('idempotent '), Buffer.from('body')]) });
    expect(res).toMatchObject({ status: 200, body: 'idempotent body' });

    const noRetry = await proxy([`http://127.0.0.1:${await refusedPort()}`, ok.url], { lbPolicy: 'first', retries: 0 });
    expect((await text(`${noRetry.url}/`)).status).toBe(502);
    // The refused upstream now cools down: the next request goes to the other one.
    expect(await text(`${noRetry.url}/`)).toMatchObject({ status: 200, body: 'ok' });
  });

  test('a POST is retried after a refused connection: its body was never sent', async () => {
    const echo = await upstream((req, res) => req.pipe(res));
    const rws = await proxy([`http://127.0.0.1:${await refusedPort()}`, echo.url], { lbPolicy: 'first', retries: 2 });
    const res = await text(`${rws.url}/`, { method: 'POST', body: 'not idempotent' });
    expect(res).toMatchObject({ status: 200, body: 'not idempotent' });
  });

  test('an upstream that sends no head in time answers 504, and its connection is closed', async () => {
    const u = await upstream(() => {
      /* never answers */
    });
    const rws = await proxy([u.url], { responseHeaderTimeoutMs: 300 });
    const res = await text(`${rws.url}/`);
    expect(res.status).toBe(504);
    expect(await eventually(() => u.sockets.size === 0)).toBe(true);
  });

  test('an upstream dying mid-body cuts the client response; the proxy keeps serving and leaks nothing', async () => {
    const u = await upstream((req, res) => {
      if (req.url === '/die') {
        res.writeHead(200, { 'content-length': String(1 << 20) });
        res.write(Buffer.alloc(64 * 1024, 1), () => res.socket?.destroy());
      } else res.end('alive');
    });
    // Without keep-alive every upstream connection must close once its exchange is over.
    const rws = await proxy([u.url], { keepAliveTimeoutMs: 0 });
    const res = await request(`${rws.url}/die`);
    expect(res.statusCode).toBe(200);
    await expect(res.body.arrayBuffer()).rejects.toThrow();
    expect(await text(`${rws.url}/next`)).toMatchObject({ status: 200, body: 'alive' });
    expect(await eventually(() => u.sockets.size === 0)).toBe(true);
    expect(rws.logs.filter((l) => l.msg === 'upstream response failed mid-body')).toHaveLength(1);
  });

  test('a client going away mid-response aborts the upstream request', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
      res.once('close', () => upstreamClosed());
      // never ends on its own
    });
    const rws = await proxy([u.url]);
    const controller = new AbortController();
    const res = await request(`${rws.url}/stream`, { signal: controller.signal });
    for await (const chunk of res.body) {
      expect(String(chunk)).toBe('first chunk');
      break; // leaving the loop destroys the response body
    }
    controller.abort();
    await closed;
    expect(await eventually(() => u.sockets.size === 0)).toBe(true);
    // The client left: nothing went wrong upstream, so nothing is reported as an upstream failure.
    expect(rws.logs.filter((l) => l.msg === 'upstream response failed mid-body')).toEqual([]);
  });

  test('a client going away before the upstream answers aborts the upstream request', async () => {
    let arrived!: () => void;
    const gotRequest = new Promise<void>((resolve) => (arrived = resolve));
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const u = await upstream((_req, res) => {
      res.once('close', () => upstreamClosed());
      arrived();
    });
    const rws = await proxy([u.url]);
    const controller = new AbortController();
    const pending = request(`${rws.url}/wait`, { signal: controller.signal }).catch((err: unknown) => err);
    await gotRequest;
    controller.abort();
    await pending;
    await closed;
    expect(await eventually(() => u.sockets.size === 0)).toBe(true);
  });
});

describe('streaming', () => {
  test('server-sent events arrive one by one', { timeout: 10_000 }, async () => {
    const gates: (() => void)[] = [];
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      void new Promise<void>((resolve) => gates.push(resolve)).then(() => res.end('data: two\n\n'));
    });
    const rws = await proxy([u.url]);
    const res = await request(`${rws.url}/events`);
    expect(res.headers['content-type']).toBe('text/event-stream');
    res.body.setEncoding('utf8');
    const reader = res.body[Symbol.asyncIterator]();
    expect((await reader.next()).value).toBe('data: one\n\n');
    gates.shift()!();
    let rest = '';
    for (let next = await reader.next(); !next.done; next = await reader.next()) rest += String(next.value);
    expect(rest).toBe('data: two\n\n');
  });
});
