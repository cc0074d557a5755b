/**
 * Finding the peers and wrk. The harness installs nothing: it reports what is missing and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type BinaryName = 'wrk' | 'nginx' | 'caddy' | 'haproxy' | 'taskset' | 'h2load' | 'openssl';

/** Debian package that provides each binary (bench/install.sh installs them all). */
const PACKAGE: Readonly<Record<BinaryName, string>> = {
  wrk: 'wrk',
  nginx: 'nginx-light',
  caddy: 'caddy',
  haproxy: 'haproxy',
  taskset: 'util-linux',
  h2load: 'nghttp2-client',
  openssl: 'openssl',
};

/** sbin folders are searched too: Debian puts nginx and haproxy there, outside a normal user's PATH. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export function findBinary(name: string, pathEnv = process.env.PATH ?? ''): string | null {
  const dirs = [...pathEnv.split(delimiter).filter((d) => d !== ''), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export type Binaries = Readonly<Record<BinaryName, string | null>>;

export function findBinaries(): Binaries {
  return {
    wrk: findBinary('wrk'),
    nginx: findBinary('nginx'),
    caddy: findBinary('caddy'),
    haproxy: findBinary('haproxy'),
    taskset: findBinary('taskset'),
    h2load: findBinary('h2load'),
    openssl: findBinary('openssl'),
  };
}

/** One paragraph telling the user what is missing and the command that installs it, or null. */
export function missingAdvice(missing: readonly BinaryName[]): string | null {
  if (missing.length === 0) return null;
  const packages = [...new Set(missing.map((m) => PACKAGE[m]))];
  return (
    `not installed: ${missing.join(', ')}\n` +
    `  install with: bench/install.sh   (runs: apt-get install -y ${packages.join(' ')})`
  );
}

/** "nginx 1.22.1" etc., for the report header; null if the binary is missing or says nothing useful. */
export function binaryVersion(name: BinaryName, path: string | null): string | null {
  if (path === null) return null;
  const args: Readonly<Record<BinaryName, readonly string[]>> = {
    wrk: ['-v'],
    nginx: ['-v'],
    caddy: ['version'],
    haproxy: ['-v'],
    taskset: ['--version'],
    h2load: ['--version'],
    openssl: ['version'],
  };
  // nginx -v and wrk -v print to stderr, and wrk -v exits 1: read both streams, ignore the status.
  const r = spawnSync(path, args[name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const match = /(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return match === null ? null : `${name} ${match[1]}`;
}
