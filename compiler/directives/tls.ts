/**
 * `tls <cert_file> <key_file> { min_version tls1.2|tls1.3 }`: the site's certificate; or, without files,
 * a managed certificate (`tls internal`, `tls <email>`, `tls { issuer … ca … dns … on_demand }`, tls-issuer.ts).
 *
 * Invariant: returns the site option `tls` (files checked and fingerprinted at compile time) or `tls_managed`
 * and, when the block has handshake-policy subdirectives (tls-policy.ts), `tls_policy`.
 */
import type { DirectiveSpec, SiteOption, SubdirectiveSpec } from '../registry/directive.ts';
import { subdirectivesOf } from './block-lines.ts';
import { bindManagedTls, ISSUER_SUBDIRECTIVES } from './tls-issuer.ts';
import { readTlsPair } from './tls-files.ts';
import { bindTlsPolicy, hasTlsPolicy, TLS_POLICY_CODES, TLS_POLICY_DOCS, TLS_POLICY_SUBDIRECTIVES } from './tls-policy.ts';

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [...TLS_POLICY_SUBDIRECTIVES, ...ISSUER_SUBDIRECTIVES];

export const tls = {
  name: 'tls',
  summary: 'The site\'s certificate: files, the local CA (`internal`), or ACME settings.',
  docs: [
    'Gives an HTTPS site its certificate. Both files are read when the Rwsfile is compiled: a missing file, a',
    'file that is not PEM, or a key that does not belong to the certificate is reported with its path, and a',
    'renewed certificate changes the plan (so `rws reload` picks it up). Several sites on one port may each',
    'have a certificate; the client\'s SNI chooses. HTTP/2 is offered by ALPN.',
    '',
    '```',
    'tls <cert_file> <key_file> {',
    '    protocols tls1.2|tls1.3 [tls1.2|tls1.3]',
    '    ciphers <suite>…',
    '    alpn h2 http/1.1',
    '    client_auth {',
    '        mode require|verify_if_given|request',
    '        trust_pool file <ca.pem>…',
    '        crl <crl.pem>…',
    '    }',
    '    allow_sni_mismatch',
    '    hsts [<max_age_seconds>] [include_subdomains] [preload]',
    '}',
    '```',
    '',
    '- **cert_file**: PEM certificate, followed by its intermediate chain; relative to the Rwsfile\'s folder.',
    '- **key_file**: the PEM private key (unencrypted).',
    TLS_POLICY_DOCS,
    '',
    'Without files the certificate is managed: obtained, stored and renewed by rws (automatic HTTPS does this',
    'for every site named by a host name; `tls` only changes how).',
    '',
    '```',
    'tls internal|<email> {',
    '    issuer acme|internal',
    '    ca <directory_url>',
    '    dns exec <command…>|webhook <url>',
    '    on_demand',
    '    challenges http-01|tls-alpn-01|dns-01…',
    '}',
    '```',
    '',
    '- **internal**: signed by rws\'s local CA (`rws ca print` shows its root), also for public names.',
    '- **email**: the ACME account email for this site\'s certificates.',
    '- **issuer**: `acme` or `internal`; default: the local CA for localhost, `.local`, `.internal`, `.home.arpa`',
    '  and IP addresses (and everything under `local_certs`), ACME for the rest.',
    '- **ca**: the ACME directory for this site (default: the global `acme_ca`).',
    '- **dns**: the DNS-01 hook (see `acme_dns`); required for wildcard names.',
    '- **on_demand**: obtain a certificate at the first handshake for any name this site serves, including',
    '  names not written in the Rwsfile (catch-all sites), gated and rate-limited by `on_demand_tls`.',
    '- **challenges**: the ACME challenge types allowed, in order of preference. Default: `http-01 tls-alpn-01`',
    '  (`tls-alpn-01` first on demand), then `dns-01` when a DNS hook is configured; wildcards use `dns-01` only.',
  ].join('\n'),
  examples: ['tls cert.pem key.pem', 'tls cert.pem key.pem {\n\tmin_version tls1.3\n}', 'tls cert.pem key.pem {\n\tprotocols tls1.2 tls1.3\n\tciphers TLS_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256\n\talpn http/1.1\n\thsts 31536000 include_subdomains\n}', 'tls internal', 'tls ops@example.com', 'tls {\n\tissuer acme\n\tchallenges tls-alpn-01 http-01\n}'],
  scopes: ['site'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [
    { name: 'cert_file', type: { kind: 'path' }, docs: 'PEM certificate (and chain) file; or `internal`, or an ACME account email.', optional: true },
    { name: 'key_file', type: { kind: 'path' }, docs: 'PEM private key file.', optional: true },
  ],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3260', 'RWS3261', 'RWS3262', 'RWS3113', 'RWS3604', ...TLS_POLICY_CODES],
  bind(node, ctx) {
    const [certArg, keyArg] = node.args;
    const grouped = subdirectivesOf(node, ctx, SUBDIRECTIVES);
    const policy = hasTlsPolicy(grouped) ? bindTlsPolicy(grouped, ctx) : null;
    let option: SiteOption | null;
    if (certArg === undefined || keyArg === undefined) {
      option = bindManagedTls(node, certArg ?? null, grouped, ctx);
    } else {
      const pair = readTlsPair(certArg, keyArg, ctx);
      option = pair === null ? null : { kind: 'tls', ...pair, span: { ...node.nameSpan, end: keyArg.span.end } };
    }
    if (option === null || (policy === null && hasTlsPolicy(grouped))) return null;
    if (policy === null) return { kind: 'site', option };
    return { kind: 'site_options', options: [option, { kind: 'tls_policy', policy }] };
  },
} as const satisfies DirectiveSpec;
