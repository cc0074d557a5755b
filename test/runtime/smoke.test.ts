import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { simplePlan } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';

afterEach(stopAll);

describe('smoke', () => {
  it('serves a respond', async () => {
    const rws = await start(simplePlan('hello'));
    const res = await request(`${rws.url}/`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('hello');
    expect(rws.logs.find((l) => l.msg === 'listening')).toMatchObject({ listener: 'http/127.0.0.1/0', host: '127.0.0.1', tls: false });
  });
});
