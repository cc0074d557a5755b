/**
 * A realistic 5,000-line Rwsfile for the language server benchmark: global options, snippets, and sites with
 * named matchers, handle blocks, proxies with subdirectives, headers, redirects and placeholders.
 */

/** The main file (at least `lines` lines) and the snippets file it imports. */
export function lspBenchFiles(lines: number): { main: string; snippets: string } {
  const snippets = [
    '# Shared snippets',
    '(security) {',
    '\theader {',
    '\t\tX-Content-Type-Options nosniff',
    '\t\tReferrer-Policy strict-origin-when-cross-origin',
    '\t\t-Server',
    '\t}',
    '}',
    '(compress) {',
    '\tencode zstd br gzip',
    '}',
    '',
  ].join('\n');
  const parts = ['{', '\tadmin off', '\tgrace_period 5s', '}', '', 'import snippets.rws', ''];
  let count = parts.length;
  for (let n = 1; count < lines; n++) {
    const site = siteBlock(n);
    parts.push(site);
    count += site.split('\n').length;
  }
  return { main: parts.join('\n'), snippets };
}

function siteBlock(n: number): string {
  return [
    `# site ${n}`,
    `http://site${n}.example.com:8080 {`,
    '\timport security',
    '\timport compress',
    `\t@api${n} path /api/* /v${n % 3}/*`,
    '\t@static {',
    '\t\tpath *.css *.js *.png',
    '\t\tmethod GET HEAD',
    '\t}',
    `\treverse_proxy @api${n} 127.0.0.1:${3000 + (n % 50)} 127.0.0.1:${4000 + (n % 50)} {`,
    '\t\tlb_policy least_conn',
    '\t\theader_up X-Site {host}',
    '\t}',
    '\thandle @static {',
    `\t\troot /srv/site${n}/public`,
    '\t\tfile_server',
    '\t}',
    `\tredir /old/* /new/{path.1} 301`,
    `\trespond /health "ok from site ${n} ({remote_ip})" 200`,
    '}',
    '',
  ].join('\n');
}
