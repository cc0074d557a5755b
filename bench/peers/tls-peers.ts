/**
 * The TLS scenario's contestants: nginx, Caddy and rws each serving `ok` over HTTPS (HTTP/1.1 and HTTP/2 by ALPN)
 * with the same EC P-256 certificate, TLS 1.2–1.3 defaults, session resumption on (tickets, and nginx's shared
 * session cache), no access logs, one core each.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../bench-env.ts';
import type { Expectation } from '../readiness.ts';
import type { ServerSpec } from '../server.ts';
export { nginxHttps } from './nginx.ts';
import { rwsServer } from './rws.ts';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

const probe = (port: number) => ({ url: `https://127.0.0.1:${port}/`, host: null });

export function caddyHttps(caddy: string, files: TlsFiles, expect: Expectation): ServerSpec {
  return {
    name: 'caddy',
    startTimeoutMs: 10_000,
    expect,
    probe,
    prepare: (dir, port) => {
      const file = join(dir, 'Caddyfile');
      writeFileSync(
        file,
        `{
	admin off
	auto_https off
	default_sni 127.0.0.1
}

https://127.0.0.1:${port} {
	bind 127.0.0.1
	tls ${files.certFile} ${files.keyFile}
	respond "ok"
}
`,
      );
      return {
        command: caddy,
        args: ['run', '--config', file, '--adapter', 'caddyfile'],
        env: { GOMAXPROCS: '1', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
      };
    },
  };
}

export function rwsHttps(env: BenchEnv, files: TlsFiles, expect: Expectation): ServerSpec {
  return rwsServer(env, {
    name: 'rws',
    // No redirect site on port 80 (nginx and Caddy have none here either).
    rwsfile: (port) =>
      `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n\tauto_https disable_redirects\n}\n\nhttps://127.0.0.1:${port} {\n\ttls ${files.certFile} ${files.keyFile}\n\trespond "ok"\n}\n`,
    probe,
    expect,
  });
}
