/** HAProxy 2.6 as a proxy contestant: one thread, foreground, reusing idle upstream connections. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expectation } from '../readiness.ts';
import type { ServerSpec } from '../server.ts';

/**
 * `maxConnections`: HAProxy's maxconn (the memory scenario holds 10,000 idle clients). HAProxy wants two file
 * descriptors per connection and refuses to start below that: past the harness's own limit, it is started
 * through `prlimit` (when given) with a limit to fit, which needs the privilege to raise the hard limit.
 */
export function haproxyProxy(haproxy: string, upstreamPort: number, expect: Expectation, maxConnections = 4096, prlimit: string | null = null): ServerSpec {
  return {
    name: 'haproxy',
    startTimeoutMs: 10_000,
    expect,
    probe: (port) => ({ url: `http://127.0.0.1:${port}/`, host: null }),
    prepare: (dir, port) => {
      const file = join(dir, 'haproxy.cfg');
      writeFileSync(
        file,
        `global
  nbthread 1
  maxconn ${maxConnections}
  pidfile ${dir}/haproxy.pid

defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 75s

frontend bench
  bind 127.0.0.1:${port}
  default_backend upstream

backend upstream
  http-reuse always
  server up 127.0.0.1:${upstreamPort}
`,
      );
      // -db: stay in the foreground (no daemon, no master-worker), so the PID we hold is the one serving.
      const fds = 2 * maxConnections + 100;
      if (prlimit !== null && maxConnections > 4096) return { command: prlimit, args: [`--nofile=${fds}:${fds}`, haproxy, '-db', '-f', file] };
      return { command: haproxy, args: ['-db', '-f', file] };
    },
  };
}
