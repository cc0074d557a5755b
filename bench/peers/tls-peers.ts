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
import { rwsServer } from './rws.ts';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

const probe = (port: number) => ({ url: `https://127.0.0.1:${port}/`, host: null });

export function nginxHttps(nginx: string, files: TlsFiles, expect: Expectation): ServerSpec {
  return {
    name: 'nginx',
    startTimeoutMs: 10_000,
    expect,
    probe,
    prepare: (dir, port) => {
      const file = join(dir, 'nginx.conf');
      writeFileSync(
        file,
        `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server_tokens off;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${files.certFile};
    ssl_certificate_key ${files.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:10m;
    location / {
      return 200 "ok";
    }
  }
}
`,
      );
      return { command: nginx, args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', file] };
    },
  };
}

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
