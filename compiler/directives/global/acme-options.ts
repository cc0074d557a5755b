/**
 * Global ACME options: `email`, `acme_ca`, `acme_ca_root`, `acme_eab`, `acme_dns`. They are the defaults of
 * every certificate rws orders from an ACME CA; a site's `tls` may override the email, the CA and the DNS hook.
 *
 * Invariant: each returns the `certificates` global option with exactly the one setting it names.
 */
import { resolve } from 'node:path';
import type { DirectiveSpec } from '../../registry/directive.ts';
import { parseUrl } from '../../values/url.ts';
import { DNS_HOOK_ARGS, parseDnsHook, parseEmail } from '../acme-values.ts';

const OPTION = { scopes: ['global'], phase: null, matcher: false, terminal: false, block: null } as const;

export const email = {
  ...OPTION,
  name: 'email',
  summary: 'The ACME account email (expiry notices from the CA).',
  docs: 'The email address of the ACME account rws creates with the CA. Optional, but CAs use it to warn about problems.\n\n```\nemail <address>\n```',
  examples: ['email ops@example.com'],
  args: [{ name: 'address', type: { kind: 'string' }, docs: 'An email address.' }],
  codes: ['RWS3601'],
  bind(node, ctx) {
    const [arg] = node.args;
    const value = arg === undefined ? null : parseEmail(arg, ctx);
    return value === null ? null : { kind: 'global', option: { kind: 'certificates', settings: { email: value } } };
  },
} as const satisfies DirectiveSpec;

export const acmeCa = {
  ...OPTION,
  name: 'acme_ca',
  summary: 'The ACME directory URL (default: Let\'s Encrypt production).',
  docs: [
    'Which RFC 8555 CA issues automatic certificates. Default: `https://acme-v02.api.letsencrypt.org/directory`.',
    'Let\'s Encrypt staging: `https://acme-staging-v02.api.letsencrypt.org/directory`.',
    '',
    '```',
    'acme_ca <directory_url>',
    '```',
  ].join('\n'),
  examples: ['acme_ca https://acme-staging-v02.api.letsencrypt.org/directory'],
  args: [{ name: 'directory_url', type: { kind: 'url' }, docs: 'The CA\'s directory URL.' }],
  codes: ['RWS3108'],
  bind(node, ctx) {
    const [arg] = node.args;
    const url = arg === undefined ? null : parseUrl(arg, ctx);
    return url === null ? null : { kind: 'global', option: { kind: 'certificates', settings: { acmeCa: url } } };
  },
} as const satisfies DirectiveSpec;

export const acmeCaRoot = {
  ...OPTION,
  name: 'acme_ca_root',
  summary: 'A PEM root certificate to trust for the ACME server\'s own HTTPS.',
  docs: 'For a private or test CA whose API is not signed by a public root. Relative to the Rwsfile\'s folder.\n\n```\nacme_ca_root <pem_file>\n```',
  examples: ['acme_ca_root /etc/pki/acme-root.pem'],
  args: [{ name: 'pem_file', type: { kind: 'path' }, docs: 'PEM file with one or more certificates.' }],
  codes: [],
  bind(node, ctx) {
    const [arg] = node.args;
    if (arg === undefined) return null;
    return { kind: 'global', option: { kind: 'certificates', settings: { acmeCaRoot: resolve(ctx.baseDir, arg.value) } } };
  },
} as const satisfies DirectiveSpec;

export const acmeEab = {
  ...OPTION,
  name: 'acme_eab',
  summary: 'External account binding: the key id and HMAC key your CA gave you.',
  docs: 'Some CAs (ZeroSSL, Google, private CAs) require the ACME account to be bound to an account with them.\n\n```\nacme_eab <key_id> <mac_key>\n```',
  examples: ['acme_eab kid-1 c2VjcmV0LWhtYWMta2V5'],
  args: [
    { name: 'key_id', type: { kind: 'string' }, docs: 'The key identifier.' },
    { name: 'mac_key', type: { kind: 'string' }, docs: 'The HMAC key, base64url.' },
  ],
  codes: ['RWS3605'],
  bind(node, ctx) {
    const [keyId, macKey] = node.args;
    if (keyId === undefined || macKey === undefined) return null;
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(macKey.value)) {
      ctx.error('RWS3605', 'the EAB HMAC key is not base64url', macKey.span, { hint: 'copy it exactly as your CA shows it' });
      return null;
    }
    return { kind: 'global', option: { kind: 'certificates', settings: { eab: { keyId: keyId.value, macKey: macKey.value } } } };
  },
} as const satisfies DirectiveSpec;

export const acmeDns = {
  ...OPTION,
  name: 'acme_dns',
  summary: 'DNS-01 hook for every ACME certificate (needed for wildcard names).',
  docs: [
    'How rws sets and clears the `_acme-challenge` TXT record for the DNS-01 challenge.',
    '',
    '```',
    'acme_dns exec <command> [<args…>]',
    'acme_dns webhook <url>',
    '```',
    '',
    'The first argument (**kind**) is `exec` or `webhook`; the rest (**target**) is the command or the URL.',
    '',
    '- **exec**: runs the command with `RWS_ACME_ACTION` (`set` or `clear`), `RWS_ACME_NAME` (the record name, e.g.',
    '  `_acme-challenge.example.com.`) and `RWS_ACME_TXT` (the record value) in its environment; exit status 0 = done.',
    '- **webhook**: POSTs `{"action","name","txt"}` as JSON; a 2xx answer = done.',
  ].join('\n'),
  examples: ['acme_dns exec /usr/local/bin/set-txt', 'acme_dns webhook https://dns.internal/acme'],
  args: DNS_HOOK_ARGS,
  codes: ['RWS3113', 'RWS3108'],
  bind(node, ctx) {
    const hook = parseDnsHook(node.args, ctx);
    return hook === null ? null : { kind: 'global', option: { kind: 'certificates', settings: { dns: hook } } };
  },
} as const satisfies DirectiveSpec;
