/**
 * nginx as a contestant (static files, reverse proxy) and as the proxy scenario's upstream. One process,
 * no master, one worker's worth of work; every path (pid, logs, temp files) inside the server's own folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerLaunch, ServerSpec } from '../server.ts';
import type { Expectation } from '../readiness.ts';
import type { TlsFiles } from './tls-peers.ts';

/** The shared top of every nginx config: no daemon, no master, one worker, nothing outside `dir`. */
function prelude(dir: string, connections = 4096): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
  worker_connections ${connections};
}
`;
}

function httpCommon(dir: string): string {
  return `  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server_tokens off;
`;
}

function launch(nginx: string, dir: string, config: string): ServerLaunch {
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  // -e: error log before the config is read (the default is under /var/log); -p: prefix for relative paths.
  return { command: nginx, args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', file] };
}

/** Serves the files under `root`. */
export function nginxStatic(nginx: string, root: string, probePath: string, expect: Expectation): ServerSpec {
  return {
    name: 'nginx',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}${probePath}`, host: null }),
    prepare: (dir, port) =>
      launch(
        nginx,
        dir,
        `${prelude(dir)}http {
${httpCommon(dir)}  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
      ),
  };
}

/**
 * Proxies everything to one upstream over a keep-alive pool (nginx's default is a new connection per request).
 * `connections`: worker_connections (the memory scenario holds 10,000 clients, each also needing an upstream slot).
 */
export function nginxProxy(nginx: string, upstreamPort: number, expect: Expectation, connections = 4096): ServerSpec {
  return {
    name: 'nginx',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
    prepare: (dir, port) =>
      launch(
        nginx,
        dir,
        `${prelude(dir, connections)}http {
${httpCommon(dir)}  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 128;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
      ),
  };
}

/** The proxy scenario's upstream: answers every request with `body` from memory (no file, no Node). */
export function nginxUpstream(nginx: string, body: string): ServerSpec {
  return {
    name: 'upstream (nginx)',
    startTimeoutMs: 10_000,
    expect: { status: 200, body: Buffer.from(body) },
    probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
    prepare: (dir, port) =>
      launch(
        nginx,
        dir,
        `${prelude(dir)}http {
${httpCommon(dir)}  default_type text/plain;
  server {
    listen 127.0.0.1:${port};
    location / {
      return 200 "${body}";
    }
  }
}
`,
      ),
  };
}

/** The TLS scenario's nginx: `ok` over HTTPS (HTTP/1.1 and HTTP/2 by ALPN), with a shared session cache. */
export function nginxHttps(nginx: string, files: TlsFiles, expect: Expectation): ServerSpec {
  return {
    name: 'nginx',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `https://127.0.0.1:${port}/`, host: null }),
    prepare: (dir, port) =>
      launch(
        nginx,
        dir,
        `${prelude(dir)}http {
${httpCommon(dir)}  server {
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
      ),
  };
}
