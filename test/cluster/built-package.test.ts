/**
 * The built package (what `npm install -g` and `npx rws` run: tsc output, `.js` files) in cluster mode: the
 * primary must find the worker's entry among the built files, not the `.ts` sources.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, RwsProcess, tempDir } from '../support/rws-process.ts';

/** Inside node_modules so the built files resolve the project's packages as an installed copy would. */
const OUT = join(REPO, 'node_modules', '.cache', `rws-built-${process.pid}`);
let rws: RwsProcess | null = null;

beforeAll(() => {
  const tsc = join(REPO, 'node_modules', '.bin', 'tsc');
  const build = spawnSync(tsc, ['-p', join(REPO, 'tsconfig.build.json'), '--outDir', OUT, '--sourceMap', 'false'], { encoding: 'utf8', timeout: 120_000 });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}, 150_000);

afterAll(async () => {
  if (rws !== null && rws.child.exitCode === null) await rws.stop('SIGKILL');
  rmSync(OUT, { recursive: true, force: true });
});

function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

it('serves from two workers when run from the built files', async () => {
  const dir = tempDir({ Rwsfile: '{\n\tworkers 2\n\tadmin off\n\tdefault_bind 127.0.0.1\n\tgrace_period 1s\n}\n\nhttp://:0 {\n\trespond "built {pid}"\n}\n' });
  rws = new RwsProcess(['run', 'Rwsfile'], dir, join(OUT, 'cli', 'rws.js'));
  await rws.waitForMsg('ready');
  const port = rws.listening()[0].port;
  const pids = new Set<string>();
  for (let i = 0; i < 40 && pids.size < 2; i++) {
    const body = await ask(port);
    expect(body).toMatch(/^built \d+$/);
    pids.add(body.split(' ')[1]);
  }
  expect(pids.size).toBe(2);
  expect(pids.has(String(rws.child.pid))).toBe(false);
  expect(await rws.stop('SIGTERM')).toBe(0);
}, 60_000);
