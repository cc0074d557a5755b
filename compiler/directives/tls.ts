/**
 * `tls <cert_file> <key_file> { min_version tls1.2|tls1.3 }`: the site's certificate.
 *
 * Invariant: returns the site option `tls` (files checked and fingerprinted at compile time) and, when
 * `min_version` is given, `tls_min_version`.
 */
import type { DirectiveSpec, SiteOption, SubdirectiveSpec } from '../registry/directive.ts';
import { parseEnum } from '../values/enum.ts';
import { settingReader, subdirectivesOf } from './block-lines.ts';
import { readTlsPair } from './tls-files.ts';

const VERSIONS = { 'tls1.2': 'TLSv1.2', 'tls1.3': 'TLSv1.3' } as const;
const VERSION_NAMES = Object.keys(VERSIONS) as (keyof typeof VERSIONS)[];

const SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'min_version',
    summary: 'The oldest TLS version accepted (default tls1.2).',
    args: [{ name: 'version', type: { kind: 'enum', values: VERSION_NAMES }, docs: '`tls1.2` or `tls1.3`.' }],
  },
];

export const tls = {
  name: 'tls',
  summary: 'Serve the site over HTTPS with this certificate and key.',
  docs: [
    'Gives an HTTPS site its certificate. Both files are read when the Rwsfile is compiled: a missing file, a',
    'file that is not PEM, or a key that does not belong to the certificate is reported with its path, and a',
    'renewed certificate changes the plan (so `rws reload` picks it up). Several sites on one port may each',
    'have a certificate; the client\'s SNI chooses. HTTP/2 is offered by ALPN.',
    '',
    '```',
    'tls <cert_file> <key_file> {',
    '    min_version tls1.2|tls1.3',
    '}',
    '```',
    '',
    '- **cert_file**: PEM certificate, followed by its intermediate chain; relative to the Rwsfile\'s folder.',
    '- **key_file**: the PEM private key (unencrypted).',
    '- **min_version**: the oldest protocol version accepted; default `tls1.2`. Sites sharing a port share',
    '  one setting: the strictest wins.',
  ].join('\n'),
  examples: ['tls cert.pem key.pem', 'tls cert.pem key.pem {\n\tmin_version tls1.3\n}'],
  scopes: ['site'],
  phase: null,
  matcher: false,
  terminal: false,
  args: [
    { name: 'cert_file', type: { kind: 'path' }, docs: 'PEM certificate (and chain) file.' },
    { name: 'key_file', type: { kind: 'path' }, docs: 'PEM private key file.' },
  ],
  block: { kind: 'subdirectives', subdirectives: SUBDIRECTIVES },
  codes: ['RWS3260', 'RWS3261', 'RWS3262', 'RWS3113'],
  bind(node, ctx) {
    const [certArg, keyArg] = node.args;
    if (certArg === undefined || keyArg === undefined) return null;
    const settings = settingReader(subdirectivesOf(node, ctx, SUBDIRECTIVES));
    const version = settings.read<keyof typeof VERSIONS | null>('min_version', null, (a) => parseEnum(a, ctx, VERSION_NAMES, 'TLS version'));
    const pair = readTlsPair(certArg, keyArg, ctx);
    if (pair === null || !settings.ok) return null;
    const span = { ...node.nameSpan, end: keyArg.span.end };
    const option: SiteOption = { kind: 'tls', ...pair, span };
    if (version === null) return { kind: 'site', option };
    return { kind: 'site_options', options: [option, { kind: 'tls_min_version', version: VERSIONS[version] }] };
  },
} as const satisfies DirectiveSpec;
