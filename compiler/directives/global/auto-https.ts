/**
 * Global options that shape automatic HTTPS: `auto_https off|disable_redirects`, `local_certs`,
 * `renew_window <fraction>` and `storage file <dir>`.
 *
 * Invariant: each returns the `certificates` global option with exactly the one setting it names.
 */
import { resolve } from 'node:path';
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseEnum } from '../../values/enum.ts';

const OPTION = { scopes: ['global'], phase: null, matcher: false, terminal: false, block: null } as const;

export const autoHttps = {
  ...OPTION,
  name: 'auto_https',
  summary: 'Turn automatic HTTPS off, or keep it without the http→https redirects.',
  docs: [
    'By default a site whose address is a host name without a scheme (and without a port, or on the https port) is',
    'served over HTTPS with a managed certificate, and plain HTTP for that name redirects to it.',
    '',
    '```',
    'auto_https off|disable_redirects',
    '```',
    '',
    'The **mode**:',
    '',
    '- **off**: such sites stay plain HTTP unless they say `https://` or have `tls`.',
    '- **disable_redirects**: certificates as usual, but no automatic redirect from HTTP.',
  ].join('\n'),
  examples: ['auto_https off', 'auto_https disable_redirects'],
  args: [{ name: 'mode', type: { kind: 'enum', values: ['off', 'disable_redirects'] }, docs: '`off` or `disable_redirects`.' }],
  codes: ['RWS3113'],
  bind(node, ctx) {
    const [arg] = node.args;
    const mode = arg === undefined ? null : parseEnum(arg, ctx, ['off', 'disable_redirects'] as const, 'auto_https mode');
    return mode === null ? null : { kind: 'global', option: { kind: 'certificates', settings: { autoHttps: mode } } };
  },
} as const satisfies DirectiveSpec;

export const localCerts = {
  ...OPTION,
  name: 'local_certs',
  summary: 'Every managed certificate comes from rws\'s local CA (no ACME).',
  docs: 'For development and private networks: every automatic certificate is signed by the local CA that rws creates in its storage (`rws ca print` shows its root).\n\n```\nlocal_certs\n```',
  examples: ['local_certs'],
  args: [],
  codes: [],
  bind() {
    return { kind: 'global', option: { kind: 'certificates', settings: { localCerts: true } } };
  },
} as const satisfies DirectiveSpec;

export const renewWindow = {
  ...OPTION,
  name: 'renew_window',
  summary: 'Renew certificates when this fraction of their lifetime is left (default 0.33).',
  docs: 'A CA\'s ACME Renewal Information (RFC 9773), when it offers it, takes precedence.\n\n```\nrenew_window <fraction>\n```',
  examples: ['renew_window 0.5'],
  args: [{ name: 'fraction', type: { kind: 'string' }, docs: 'A number between 0 and 1.' }],
  codes: ['RWS3606'],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    const ratio = /^(?:0?\.\d+|0|1)$/.test(arg.value) ? Number(arg.value) : NaN;
    if (!(ratio > 0 && ratio < 1)) {
      ctx.error('RWS3606', `renew_window \`${arg.value}\` is not a fraction between 0 and 1`, arg.span, { hint: 'e.g. `0.33`: renew when a third of the lifetime is left' });
      return null;
    }
    return { kind: 'global', option: { kind: 'certificates', settings: { renewWhenLeft: ratio } } };
  },
} as const satisfies DirectiveSpec;

export const storage = {
  ...OPTION,
  name: 'storage',
  summary: 'Where certificates, keys, ACME accounts and locks are kept.',
  docs: [
    'Default: `$XDG_DATA_HOME/rws`, else `~/.local/share/rws`. Folders are created owner-only (0700), files 0600.',
    'Several rws instances may share one storage: a lock makes sure only one of them orders a given certificate.',
    '',
    '```',
    'storage file <dir>',
    '```',
    '',
    '- **kind**: `file` (the only backend so far).',
    '- **dir**: the folder; relative to the Rwsfile\'s folder.',
  ].join('\n'),
  examples: ['storage file /var/lib/rws'],
  args: [
    { name: 'kind', type: { kind: 'enum', values: ['file'] }, docs: '`file`: a folder on disk.' },
    { name: 'dir', type: { kind: 'path' }, docs: 'The folder (relative to the Rwsfile\'s folder).' },
  ],
  codes: ['RWS3113'],
  bind(node, ctx) {
    const [kindArg, dirArg] = node.args;
    if (kindArg === undefined || dirArg === undefined) return null;
    if (parseEnum(kindArg, ctx, ['file'] as const, 'storage kind') === null) return null;
    return { kind: 'global', option: { kind: 'certificates', settings: { storageDir: resolve(ctx.baseDir, dirArg.value) } } };
  },
} as const satisfies DirectiveSpec;
