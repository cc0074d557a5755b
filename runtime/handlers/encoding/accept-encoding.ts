/**
 * Accept-Encoding negotiation (RFC 9110 §12.5.3), shared by `encode` and `file_server`'s precompressed files.
 *
 * Invariant: the client's q-values win; among equal q-values the server's preference order wins. A coding the
 * client does not list is acceptable only through `*`; `q=0` (on the coding or on `*`) refuses it.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type ContentCoding = 'br' | 'zstd' | 'gzip';

/** q-value (0..1) per lower-case coding name; `*` included when present. */
export type AcceptedCodings = ReadonlyMap<string, number>;

/** Parses an Accept-Encoding value; malformed members are skipped, never thrown. */
export function parseAcceptEncoding(header: string | string[] | undefined): AcceptedCodings {
  const accepted = new Map<string, number>();
  if (header === undefined) return accepted;
  const value = Array.isArray(header) ? header.join(',') : header;
  for (const member of value.split(',')) {
    const [rawName, ...params] = member.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const parsed = Number(param.slice(eq + 1).trim());
      q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
    }
    // `x-gzip` is gzip (RFC 9110 §8.4.1.3). If a coding is listed twice, the first occurrence counts.
    const coding = name === 'x-gzip' ? 'gzip' : name;
    if (!accepted.has(coding)) accepted.set(coding, q);
  }
  return accepted;
}

/** The q-value the client gives `coding`: explicit, else through `*`, else 0. */
export function qualityOf(accepted: AcceptedCodings, coding: ContentCoding): number {
  return accepted.get(coding) ?? accepted.get('*') ?? 0;
}

/**
 * The server-supported codings the client accepts, best first (q-value descending, then server order).
 * Empty when the client accepts none of them.
 */
export function rankEncodings<C extends ContentCoding>(
  headers: IncomingHttpHeaders,
  serverOrder: readonly C[],
): C[] {
  if (serverOrder.length === 0) return [];
  const accepted = parseAcceptEncoding(headers['accept-encoding']);
  if (accepted.size === 0) return [];
  const ranked: { coding: C; q: number; order: number }[] = [];
  serverOrder.forEach((coding, order) => {
    const q = qualityOf(accepted, coding);
    if (q > 0) ranked.push({ coding, q, order });
  });
  ranked.sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((r) => r.coding);
}

/** The best coding for this request, or null to send the identity representation. */
export function negotiateEncoding<C extends ContentCoding>(
  headers: IncomingHttpHeaders,
  serverOrder: readonly C[],
): C | null {
  return rankEncodings(headers, serverOrder)[0] ?? null;
}
