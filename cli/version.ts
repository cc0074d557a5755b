import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** The package version, read once from package.json next to the sources (or to dist/). */
export function version(): string {
  if (cached !== null) return cached;
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rws' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // try the next candidate
    }
  }
  return (cached = '0.0.0');
}
