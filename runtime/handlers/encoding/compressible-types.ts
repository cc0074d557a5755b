/**
 * Which responses `encode` compresses, by media type.
 *
 * Invariant: patterns are compiled once per handler; matching ignores parameters and case.
 */

/** Used when the plan's `types` list is empty: text and structured-text formats that compress well. */
export const DEFAULT_COMPRESSIBLE_TYPES: readonly string[] = [
  'text/*',
  'application/json',
  'application/*+json',
  'application/ld+json',
  'application/manifest+json',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/xml',
  'application/*+xml',
  'application/xhtml+xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/wasm',
  'application/graphql-response+json',
  'application/x-ndjson',
  'application/vnd.ms-fontobject',
  'application/x-font-ttf',
  'image/svg+xml',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/bmp',
  'font/*',
];

export type TypeMatcher = (contentType: string) => boolean;

/**
 * Compiles media-type patterns: exact (`application/json`), any subtype (`text/*`), or a structured-syntax
 * suffix (`application/*+json`). `*` or `*\/*` matches every type.
 */
export function compileTypeMatcher(patterns: readonly string[]): TypeMatcher {
  const list = patterns.length > 0 ? patterns : DEFAULT_COMPRESSIBLE_TYPES;
  const exact = new Set<string>();
  const majors = new Set<string>();
  const suffixes: { major: string; suffix: string }[] = [];
  let all = false;
  for (const raw of list) {
    const pattern = raw.trim().toLowerCase();
    if (pattern === '*' || pattern === '*/*') all = true;
    else if (pattern.endsWith('/*')) majors.add(pattern.slice(0, -2));
    else if (pattern.includes('/*+')) {
      const slash = pattern.indexOf('/');
      suffixes.push({ major: pattern.slice(0, slash), suffix: pattern.slice(pattern.indexOf('+')) });
    } else exact.add(pattern);
  }
  return (contentType) => {
    const type = mediaType(contentType);
    if (type === '') return false;
    if (all || exact.has(type)) return true;
    const slash = type.indexOf('/');
    if (slash < 0) return false;
    const major = type.slice(0, slash);
    if (majors.has(major)) return true;
    return suffixes.some((s) => s.major === major && type.endsWith(s.suffix));
  };
}

/** `Text/HTML; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}
