/** What "rws: Explain request" accepts: `GET /path`, `post https://example.com/x`, or a URL or path alone (GET). */
export function parseRequestLine(input: string): { method: string; url: string } | null {
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\S+)\s*$/.exec(input);
  if (m === null) return null;
  return { method: (m[1] ?? 'GET').toUpperCase(), url: m[2] };
}
