/** Content-Type for bodies written by `respond` and error pages when the config sets none. */

/** "text/html; charset=utf-8" when the body looks like an HTML document, else plain text. */
export function sniffTextType(body: string): string {
  const start = body.trimStart().slice(0, 14).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html; charset=utf-8';
  return 'text/plain; charset=utf-8';
}
