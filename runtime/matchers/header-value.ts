/** Reads a request header the way matchers and placeholders see it. */
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The header's value, several values joined with ", "; undefined when absent. `host` falls back to HTTP/2's
 * `:authority`, so one config works for both protocols.
 */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return name === 'host' ? (headers[':authority'] as string | undefined) : undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The individual values of a header: the joined form split at commas, plus the joined form itself. */
export function headerValues(joined: string): readonly string[] {
  if (!joined.includes(',')) return [joined];
  return [joined, ...joined.split(',').map((v) => v.trim())];
}
