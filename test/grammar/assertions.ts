/**
 * Scope assertions written in sample Rwsfiles as comments: `#   ^^^^ scope -other.scope` checks the columns it
 * marks on the nearest line above that is not an assertion. A scope matches a token scope equal to it or
 * starting with it and a dot (`keyword.other.directive` matches `keyword.other.directive.rwsfile`); a leading
 * `-` asserts that no token scope matches.
 */
import type { ScopedToken } from './tokenize.ts';

const ASSERTION = /^#([ \t]*)(\^+)[ \t]+(\S.*)$/;

export interface ScopeAssertion {
  /** 1-based line of the assertion itself (for messages). */
  readonly at: number;
  /** 0-based line and columns it checks. */
  readonly line: number;
  readonly columns: readonly number[];
  readonly expected: readonly string[];
  readonly forbidden: readonly string[];
}

export function isAssertionLine(text: string): boolean {
  return ASSERTION.test(text);
}

export function parseAssertions(source: string): ScopeAssertion[] {
  const out: ScopeAssertion[] = [];
  let target = -1;
  source.split(/\r?\n/).forEach((text, i) => {
    const m = ASSERTION.exec(text);
    if (m === null) {
      target = i;
      return;
    }
    if (target < 0) throw new Error(`line ${i + 1}: an assertion needs a line above it`);
    const first = 1 + m[1].length;
    const words = m[3].trim().split(/\s+/);
    out.push({
      at: i + 1,
      line: target,
      columns: Array.from({ length: m[2].length }, (_, k) => first + k),
      expected: words.filter((w) => !w.startsWith('-')),
      forbidden: words.filter((w) => w.startsWith('-')).map((w) => w.slice(1)),
    });
  });
  return out;
}

export function hasScope(scopes: readonly string[], wanted: string): boolean {
  return scopes.some((s) => s === wanted || s.startsWith(`${wanted}.`));
}

/** Human-readable failures (empty when every assertion holds). */
export function checkAssertions(assertions: readonly ScopeAssertion[], tokens: readonly ScopedToken[]): string[] {
  const failures: string[] = [];
  for (const a of assertions) {
    for (const column of a.columns) {
      const token = tokens.find((t) => t.line === a.line && t.column <= column && column < t.column + t.text.length);
      const scopes = token?.scopes ?? [];
      const missing = a.expected.filter((s) => !hasScope(scopes, s));
      const present = a.forbidden.filter((s) => hasScope(scopes, s));
      if (missing.length > 0 || present.length > 0) {
        const what = [...missing.map((s) => `missing ${s}`), ...present.map((s) => `unexpected ${s}`)].join(', ');
        failures.push(`line ${a.line + 1} col ${column + 1} (asserted on line ${a.at}) ${JSON.stringify(token?.text ?? '')}: ${what}; has ${scopes.join(' ')}`);
        break;
      }
    }
  }
  return failures;
}
