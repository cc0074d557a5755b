/**
 * Which paths under a root file_server never serves: dotfiles, and the `hide` globs.
 *
 * A glob without "/" matches any single path component by name (`*.key`, `Rwsfile`); a glob with "/" matches
 * the path relative to the root (`private/*`) or, when absolute, the file-system path. A hidden directory
 * hides everything below it.
 *
 * Invariant: globs are compiled once per handler; the check is pure string work, no file-system access.
 */
import picomatch from 'picomatch';

export type HiddenCheck = (rel: string, abs: string) => boolean;

export function compileHide(patterns: readonly string[]): HiddenCheck {
  const byName: picomatch.Matcher[] = [];
  const byRelPath: picomatch.Matcher[] = [];
  const byAbsPath: picomatch.Matcher[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('/')) byAbsPath.push(picomatch(pattern, { dot: true }));
    // "./private/*" and "private/*" mean the same thing.
    else if (pattern.includes('/')) byRelPath.push(picomatch(pattern.replace(/^\.\//, ''), { dot: true }));
    else byName.push(picomatch(pattern, { dot: true }));
  }
  return (rel, abs) => {
    const names = rel === '' ? [] : rel.split('/');
    for (const name of names) {
      if (name.startsWith('.')) return true;
      if (byName.some((m) => m(name))) return true;
    }
    if (byRelPath.length > 0 && anyPrefixMatches(names, '', byRelPath)) return true;
    if (byAbsPath.length > 0) {
      const absNames = abs.split('/').filter((n) => n !== '');
      if (anyPrefixMatches(absNames, '/', byAbsPath)) return true;
    }
    return false;
  };
}

/** True when the path or one of its ancestors (joined from `names`) matches a glob. */
function anyPrefixMatches(names: readonly string[], lead: string, matchers: readonly picomatch.Matcher[]): boolean {
  let prefix = lead;
  for (let i = 0; i < names.length; i++) {
    prefix = i === 0 ? lead + names[0] : `${prefix}/${names[i]}`;
    if (matchers.some((m) => m(prefix))) return true;
  }
  return false;
}
