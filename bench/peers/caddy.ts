/**
 * Caddy 2.6 as a contestant: a Caddyfile adapted at start (`caddy run --adapter caddyfile`), admin endpoint
 * off, GOMAXPROCS=1, and its data/config folders inside the server's own folder instead of $HOME.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expectation } from '../readiness.ts';
import type { ServerLaunch, ServerSpec } from '../server.ts';

function launch(caddy: string, dir: string, siteBody: string, port: number): ServerLaunch {
  const file = join(dir, 'Caddyfile');
  writeFileSync(
    file,
    `{
	admin off
	auto_https off
}

http://127.0.0.1:${port} {
	bind 127.0.0.1
${siteBody}
}
`,
  );
  return {
    command: caddy,
    args: ['run', '--config', file, '--adapter', 'caddyfile'],
    env: { GOMAXPROCS: '1', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
  };
}

export function caddyStatic(caddy: string, root: string, probePath: string, expect: Expectation): ServerSpec {
  return {
    name: 'caddy',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}${probePath}`, host: null }),
    prepare: (dir, port) => launch(caddy, dir, `\troot * ${root}\n\tfile_server`, port),
  };
}

export function caddyProxy(caddy: string, upstreamPort: number, expect: Expectation): ServerSpec {
  return {
    name: 'caddy',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
    // Idle upstream connections kept like nginx's `keepalive 128` (Caddy's own default keeps 32).
    prepare: (dir, port) =>
      launch(
        caddy,
        dir,
        `\treverse_proxy 127.0.0.1:${upstreamPort} {\n\t\ttransport http {\n\t\t\tkeepalive_idle_conns_per_host 128\n\t\t}\n\t}`,
        port,
      ),
  };
}
