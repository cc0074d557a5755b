/**
 * Path globs → PathPattern: `/a` exact, `/api/*` prefix, `*.php` suffix, anything else an anchored regexp.
 *
 * Invariant: only `*` is special. A leading or trailing `*` matches any characters (including `/`); a `*` in the
 * middle matches within one path segment.
 */
import type { PathPattern } from '../../runtime/plan/plan.ts';

export function pathPattern(glob: string): PathPattern {
  const stars = countStars(glob);
  if (stars === 0) return { kind: 'exact', value: glob };
  if (stars === 1 && glob.endsWith('*')) return { kind: 'prefix', value: glob.slice(0, -1) };
  if (stars === 1 && glob.startsWith('*')) return { kind: 'suffix', value: glob.slice(1) };
  return { kind: 'regexp', source: globToRegexp(glob) };
}

function countStars(s: string): number {
  let n = 0;
  for (const c of s) if (c === '*') n++;
  return n;
}

function globToRegexp(glob: string): string {
  let source = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += i === 0 || i === glob.length - 1 ? '.*' : '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return source + '$';
}
