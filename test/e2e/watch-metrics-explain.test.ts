import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type RwsProcess, runCli, startRws, tempDir } from '../support/rws-process.ts';

const started: RwsProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

describe('rws run --watch', () => {
  it('reloads when the file or an imported file changes, and ignores a broken save', async () => {
    const dir = tempDir({
      Rwsfile: '{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n\nimport sites.rws\n',
      'sites.rws': 'http://:0 {\n\trespond "first"\n}\n',
    });
    const rws = await startRws(dir, 'Rwsfile', ['--watch']);
    started.push(rws);
    const port = rws.listening()[0].port;
    const body = async () => (await request(`http://127.0.0.1:${port}/`)).body.text();
    expect(await body()).toBe('first');

    const applied = () => rws.logs.filter((l) => l.msg === 'config applied').length;
    const before = applied();
    writeFileSync(join(dir, 'sites.rws'), 'http://:0 {\n\trespond "second"\n}\n');
    await rws.waitFor(() => applied() > before, 'reload after editing an imported file');
    expect(await body()).toBe('second');

    writeFileSync(join(dir, 'sites.rws'), 'http://:0 {\n\trespond "third\n');
    await rws.waitForMsg('reload rejected');
    expect(await body()).toBe('second');
  });
});

describe('metrics', () => {
  it('serves Prometheus counters for requests by site and code', async () => {
    const dir = tempDir({
      Rwsfile: '{\n\tadmin off\n\tmetrics 127.0.0.1:0\n\tdefault_bind 127.0.0.1\n}\n\nhttp://:0 {\n\trespond /missing "nope" 404\n\trespond "ok"\n}\n',
    });
    const rws = await startRws(dir);
    started.push(rws);
    const port = rws.listening()[0].port;
    const metrics = await rws.waitForMsg('metrics listening');
    for (let i = 0; i < 3; i++) await (await request(`http://127.0.0.1:${port}/`)).body.dump();
    await (await request(`http://127.0.0.1:${port}/missing`)).body.dump();
    const scrape = await request(`http://127.0.0.1:${Number(metrics.port)}/metrics`);
    expect(scrape.statusCode).toBe(200);
    const text = await scrape.body.text();
    const count = (code: string) => {
      const line = text.split('\n').find((l) => l.startsWith('rws_requests_total{') && l.includes(`code="${code}"`));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    expect(count('200')).toBe(3);
    expect(count('404')).toBe(1);
    expect(text).toMatch(/^rws_active_connections\{/m);
    expect(text).toContain('# TYPE rws_errors_total counter');
  });
});

describe('rws explain', () => {
  const file = `http://:8080 {
	@api path /api/*
	header X-Site main
	reverse_proxy @api 127.0.0.1:3000
	respond /health "ok"
	file_server
}

http://admin.example.com:8080 {
	respond "admin"
}
`;
  it('names the site, the routes that match and the handler that answers', () => {
    const dir = tempDir({ Rwsfile: file });
    const api = runCli(['explain', 'http://shop.example.com:8080/api/items'], dir);
    expect(api.code).toBe(0);
    expect(api.stdout).toContain('reverse_proxy');
    expect(api.stdout).toMatch(/Rwsfile:4:2/);
    const health = runCli(['explain', '--format', 'json', 'http://shop.example.com:8080/health'], dir);
    const result = JSON.parse(health.stdout) as { outcome: { kind: string; handler?: string; origin?: string } };
    expect(result.outcome).toMatchObject({ kind: 'handler', handler: 'respond' });
    expect(result.outcome.origin).toMatch(/Rwsfile:5:2$/);
    const admin = JSON.parse(runCli(['explain', '--format', 'json', 'admin.example.com:8080/'], dir).stdout) as { site: { name: string; how: string } };
    expect(admin.site.how).toBe('exact');
    expect(admin.site.name).toContain('admin.example.com');
  });
});
