/**
 * Directory listings for `file_server browse`: an HTML table, or JSON when the client asks for it.
 *
 * Invariant: every name that reaches HTML is escaped and every link is percent-encoded; hidden entries
 * (dotfiles, `hide` globs) are never listed; directories sort first, then names in natural order.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ListingEntry {
  readonly name: string;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
  /** Bytes; 0 for directories. */
  readonly size: number;
  readonly modified: Date;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Reads and stats a directory's entries; entries that vanish or can't be stat'ed are left out. */
export async function readListing(dir: string, isHidden: (name: string) => boolean): Promise<ListingEntry[]> {
  const dirents = await fs.readdir(dir, { withFileTypes: true });
  const entries = await Promise.all(
    dirents
      .filter((d) => !isHidden(d.name))
      .map(async (d): Promise<ListingEntry | null> => {
        try {
          const stats = await fs.stat(path.join(dir, d.name));
          if (!stats.isFile() && !stats.isDirectory()) return null;
          return {
            name: d.name,
            isDir: stats.isDirectory(),
            isSymlink: d.isSymbolicLink(),
            size: stats.isDirectory() ? 0 : stats.size,
            modified: stats.mtime,
          };
        } catch {
          return null;
        }
      }),
  );
  return entries
    .filter((e): e is ListingEntry => e !== null)
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1));
}

/** True when the client prefers JSON (fetch/curl asking for application/json) over HTML. */
export function wantsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const lower = accept.toLowerCase();
  const json = lower.indexOf('application/json');
  if (json < 0) return false;
  const html = lower.indexOf('text/html');
  return html < 0 || json < html;
}

function href(entry: ListingEntry): string {
  return encodeURIComponent(entry.name) + (entry.isDir ? '/' : '');
}

export function renderListingJson(entries: readonly ListingEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({
      name: e.name,
      url: href(e),
      isDir: e.isDir,
      isSymlink: e.isSymlink,
      size: e.size,
      modified: e.modified.toISOString(),
    })),
  );
}

/** `urlPath` is the decoded request path of the directory, ending in "/". */
export function renderListingHtml(urlPath: string, entries: readonly ListingEntry[]): string {
  const title = `Index of ${escapeHtml(urlPath)}`;
  const rows: string[] = [];
  if (urlPath !== '/') rows.push('<tr><td><a href="../">../</a></td><td></td><td></td></tr>');
  for (const e of entries) {
    const name = escapeHtml(e.name) + (e.isDir ? '/' : '');
    const size = e.isDir ? '&mdash;' : `<span title="${e.size} bytes">${humanSize(e.size)}</span>`;
    const modified = e.modified.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    rows.push(`<tr><td><a href="${escapeHtml(href(e))}">${name}</a></td><td>${size}</td><td>${modified}</td></tr>`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;min-width:40rem}
th,td{text-align:left;padding:.25rem 1rem .25rem 0}
td:nth-child(2){text-align:right;font-variant-numeric:tabular-nums}
th{border-bottom:1px solid #ccc}
</style>
</head>
<body>
<h1>${title}</h1>
<table>
<thead><tr><th>Name</th><th>Size</th><th>Modified</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
