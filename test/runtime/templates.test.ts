import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlaceholderRef, Template } from '../../runtime/plan/plan.ts';
import { compileTemplate } from '../../runtime/template/compile-template.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { type Running, start, stopAll } from './support/server.ts';

afterEach(stopAll);

function echo(template: Template, extraHandlers: Parameters<typeof route>[0] = []): Promise<Running> {
  return start(plan({ listeners: [httpListener([site('tpl.test', [route([...extraHandlers, respond(template)])])])] }));
}

async function body(rws: Running, path: string, headers: Record<string, string> = {}): Promise<string> {
  return (await request(`${rws.url}${path}`, { headers: { host: 'www.tpl.test:8443', ...headers } })).body.text();
}

const req = (field: Extract<PlaceholderRef, { ph: 'request' }>['field']): PlaceholderRef => ({ ph: 'request', field });

describe('templates', () => {
  it('a template of literals compiles to a constant function', () => {
    const fn = compileTemplate(['a', 'b', '', 'c']);
    expect(fn.toString()).not.toContain('ctx');
    expect(fn(null as never)).toBe('abc');
  });

  it('request fields', async () => {
    const fields = ['host', 'hostport', 'method', 'scheme', 'proto', 'uri', 'path', 'dir', 'file', 'query', 'orig_uri', 'remote_ip', 'site'] as const;
    const template: Template = fields.flatMap((f) => [`${f}=`, req(f), '\n']);
    const rws = await echo(template);
    const lines = Object.fromEntries(
      (await body(rws, '/a/b/c%20d.txt?x=1&y=%20'))
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(lines).toEqual({
      host: 'www.tpl.test',
      hostport: 'www.tpl.test:8443',
      method: 'GET',
      scheme: 'http',
      proto: 'http/1.1',
      uri: '/a/b/c%20d.txt?x=1&y=%20',
      path: '/a/b/c d.txt',
      dir: '/a/b/',
      file: 'c d.txt',
      query: 'x=1&y=%20',
      orig_uri: '/a/b/c%20d.txt?x=1&y=%20',
      remote_ip: '127.0.0.1',
      site: 'tpl.test',
    });
  });

  it('port, remote port, request id and time', async () => {
    const rws = await echo([req('port'), ' ', req('remote_port'), ' ', req('request_id'), ' ', req('time_unix'), ' ', req('time')]);
    const [port, remotePort, id, unix, iso] = (await body(rws, '/')).split(' ');
    expect(Number(port)).toBe(rws.port());
    expect(Number(remotePort)).toBeGreaterThan(0);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(unix) - Date.now() / 1000)).toBeLessThan(60);
    expect(new Date(iso).toISOString()).toBe(iso);
  });

  it('query, header, cookie, path segment and host label placeholders', async () => {
    const rws = await echo([
      { ph: 'query', name: 'q' },
      '|',
      { ph: 'query', name: 'missing' },
      '|',
      { ph: 'header', name: 'x-multi' },
      '|',
      { ph: 'cookie', name: 'session' },
      '|',
      { ph: 'segment', index: 0 },
      '|',
      { ph: 'segment', index: -1 },
      '|',
      { ph: 'label', index: 0 },
      '|',
      { ph: 'label', index: 2 },
    ]);
    expect(await body(rws, '/one/two/three?q=a%20b', { 'x-multi': 'v1', cookie: 'a=1; session=s%3D3; b=2' })).toBe('a b||v1|s=3|one|three|test|www');
  });

  it('vars and root placeholders read what earlier handlers set', async () => {
    const rws = await echo(
      [{ ph: 'var', name: 'who' }, ' in ', req('root')],
      [
        { kind: 'vars', vars: { who: ['user-', { ph: 'segment', index: 0 }] } },
        { kind: 'root', path: ['/srv/', { ph: 'label', index: 1 }] },
      ],
    );
    expect(await body(rws, '/alice')).toBe('user-alice in /srv/tpl');
  });

  it('an IPv4 client of a dual-stack listener is seen as a plain IPv4 address', async () => {
    const listener = { ...httpListener([site('any', [route([respond([req('remote_ip'), ' ', req('remote')])])])]), key: 'http//0', bind: { host: '', port: 0 } };
    const rws = await start(plan({ listeners: [listener] }));
    const [ip, remote] = (await (await request(`http://127.0.0.1:${rws.port()}/`)).body.text()).split(' ');
    expect(ip).toBe('127.0.0.1');
    expect(remote).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});
