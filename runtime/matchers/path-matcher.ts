/** `path`: OR of exact / prefix / suffix / regexp patterns against the normalised, decoded path. */
import type { PathPattern } from '../plan/plan.ts';
import type { StringTest } from './glob.ts';

export function compilePathPatterns(patterns: readonly PathPattern[]): StringTest {
  const tests = patterns.map(compilePathPattern);
  if (tests.length === 1) return tests[0];
  return (path) => {
    for (const test of tests) if (test(path)) return true;
    return false;
  };
}

function compilePathPattern(pattern: PathPattern): StringTest {
  switch (pattern.kind) {
    case 'exact': {
      const value = pattern.value;
      return (path) => path === value;
    }
    case 'prefix': {
      const value = pattern.value;
      return (path) => path.startsWith(value);
    }
    case 'suffix': {
      const value = pattern.value;
      return (path) => path.endsWith(value);
    }
    case 'regexp': {
      const re = new RegExp(pattern.source);
      return (path) => re.test(path);
    }
    default:
      return unreachable(pattern);
  }
}

function unreachable(value: never): never {
  throw new Error(`unknown path pattern ${JSON.stringify(value)}`);
}
