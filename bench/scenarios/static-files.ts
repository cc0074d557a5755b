/**
 * static: a 1 KiB and a 100 KiB file served from disk by rws `file_server`, nginx and caddy `file_server`,
 * each on one core; ratios against nginx and caddy.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../bench-env.ts';
import { caddyStatic } from '../peers/caddy.ts';
import { nginxStatic } from '../peers/nginx.ts';
import { RWS_GLOBALS, rwsServer, rwsUnavailable } from '../peers/rws.ts';
import type { Expectation } from '../readiness.ts';
import type { ScenarioReport } from '../results.ts';
import { type ContestantSpec, Contestants } from '../contestants.ts';
import { measureLoad } from '../rounds.ts';

interface StaticFile {
  readonly label: string;
  readonly path: string;
  readonly content: Buffer;
}

export async function staticScenario(env: BenchEnv): Promise<ScenarioReport> {
  const root = join(env.tmpDir, 'static-root');
  mkdirSync(root, { recursive: true });
  // Random bytes: nothing here compresses, and no contestant has compression configured anyway.
  const files: StaticFile[] = [
    { label: '1 KiB', path: '/1k.bin', content: randomBytes(1024) },
    { label: '100 KiB', path: '/100k.bin', content: randomBytes(100 * 1024) },
  ];
  for (const f of files) writeFileSync(join(root, f.path), f.content);
  const probeFile = files[0];
  const expect: Expectation = { status: 200, body: probeFile.content };

  const specs: ContestantSpec[] = [
    {
      name: 'rws',
      missing: rwsUnavailable(env),
      spec: rwsServer(env, {
        name: 'rws',
        rwsfile: (port) => `${RWS_GLOBALS}\nhttp://127.0.0.1:${port} {\n\troot * ${root}\n\tfile_server\n}\n`,
        probe: (port) => ({ url: `http://127.0.0.1:${port}${probeFile.path}`, host: null }),
        expect,
      }),
    },
    {
      name: 'nginx',
      missing: env.binaries.nginx === null ? 'nginx is not installed' : null,
      spec: env.binaries.nginx === null ? null : nginxStatic(env.binaries.nginx, root, probeFile.path, expect),
    },
    {
      name: 'caddy',
      missing: env.binaries.caddy === null ? 'caddy is not installed' : null,
      spec: env.binaries.caddy === null ? null : caddyStatic(env.binaries.caddy, root, probeFile.path, expect),
    },
  ];

  const contestants = await Contestants.start(env, 'static', specs);
  try {
    const tables = [];
    for (const f of files) {
      const entrants = contestants.entrants((port) => `http://127.0.0.1:${port}${f.path}`);
      tables.push(
        await measureLoad(env, {
          title: `static ${f.label}`,
          request: `GET ${f.path} (${f.content.length} bytes)`,
          expect: { status: 200, body: f.content },
          baselines: ['nginx', 'caddy'],
          entrants,
        }),
      );
    }
    return { scenario: 'static', tables };
  } finally {
    await contestants.stop();
  }
}
