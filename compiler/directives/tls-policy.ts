/**
 * The handshake-policy subdirectives of `tls { }`: versions, ciphers, ALPN, client certificates, the 421 opt-out
 * and HSTS. `tls.ts` lists them next to its own and calls bindTlsPolicy.
 *
 * Invariant: bindTlsPolicy returns null (with diagnostics) or a setting whose ciphers are OpenSSL names from
 * tls-ciphers.ts, whose versions are ordered, and whose HSTS value is a complete header value.
 */
import type { BindContext, SubdirectiveSpec, TlsPolicySetting } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { didYouMean } from '../values/did-you-mean.ts';
import { parseEnum } from '../values/enum.ts';
import { parseInteger } from '../values/int.ts';
import { allArgsOf, argsOf, type Grouped, lineOf, parseList } from './block-lines.ts';
import { cipherName, cipherSpellings } from './tls-ciphers.ts';
import { CLIENT_AUTH_SPEC, parseClientAuth } from './tls-client-auth.ts';

const VERSIONS = { 'tls1.2': 'TLSv1.2', 'tls1.3': 'TLSv1.3' } as const;
const VERSION_NAMES = Object.keys(VERSIONS) as (keyof typeof VERSIONS)[];
const ALPN = ['h2', 'http/1.1'] as const;
const HSTS_FLAGS = ['include_subdomains', 'preload'] as const;
/** One year, as commonly recommended (and required for preload lists). */
const HSTS_DEFAULT_MAX_AGE = 31_536_000;

const version = { kind: 'enum', values: VERSION_NAMES } as const;

export const TLS_POLICY_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'min_version',
    summary: 'The oldest TLS version accepted (default tls1.2).',
    args: [{ name: 'version', type: version, docs: '`tls1.2` or `tls1.3`.' }],
  },
  {
    name: 'protocols',
    summary: 'The oldest and newest TLS versions accepted (default tls1.2 tls1.3).',
    args: [
      { name: 'min', type: version, docs: 'Oldest version: `tls1.2` or `tls1.3`.' },
      { name: 'max', type: version, docs: 'Newest version (default `tls1.3`).', optional: true },
    ],
  },
  {
    name: 'ciphers',
    summary: 'Cipher suites in preference order (OpenSSL or IANA names).',
    args: [{ name: 'suites', type: { kind: 'string' }, docs: 'e.g. `TLS_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256`.', variadic: true }],
  },
  {
    name: 'alpn',
    summary: 'Application protocols offered by ALPN, in preference order (default h2 http/1.1).',
    args: [{ name: 'protocols', type: { kind: 'enum', values: ALPN }, docs: '`h2` and/or `http/1.1`.', variadic: true }],
  },
  CLIENT_AUTH_SPEC,
  {
    name: 'allow_sni_mismatch',
    summary: 'Serve this site on connections whose SNI named another site (no 421).',
    args: [],
  },
  {
    name: 'hsts',
    summary: 'Send Strict-Transport-Security on HTTPS responses.',
    args: [{ name: 'options', type: { kind: 'string' }, docs: 'max-age in seconds (default 31536000), `include_subdomains`, `preload`.', optional: true, variadic: true }],
  },
];

export const TLS_POLICY_DOCS = [
  '- **min_version** / **protocols** `<min> [<max>]`: the TLS versions accepted; default `tls1.2` to `tls1.3`.',
  '- **ciphers** `<suite>…`: cipher suites in server preference order, OpenSSL or IANA names; TLS 1.3 suites',
  '  (`TLS_AES_128_GCM_SHA256`, `TLS_AES_256_GCM_SHA384`, `TLS_CHACHA20_POLY1305_SHA256`) and TLS 1.2 ECDHE/DHE',
  '  suites with GCM, ChaCha20-Poly1305 or SHA-2 CBC. Default: the TLS 1.3 suites, then ECDHE with AEAD.',
  '- **alpn** `h2 http/1.1`: application protocols offered, in preference order (a client that offers no',
  '  ALPN at all gets HTTP/1.1).',
  '- **client_auth** `{ mode require|verify_if_given|request; trust_pool file <ca.pem>…; crl <crl.pem>… }`:',
  '  client certificates (mTLS). `require` (the default) refuses a handshake without a certificate signed by a',
  '  trusted CA; `verify_if_given` accepts none but refuses an unverifiable one; `request` asks and passes any',
  '  certificate on. Revoked certificates (in a `crl`) are refused. Details reach handlers as',
  '  `{tls_client_subject}`, `{tls_client_san_dns}`, `{tls_client_fingerprint}`, `{tls_client_verified}`…',
  '- **allow_sni_mismatch**: serve requests for this site on connections whose SNI named another site with a',
  '  different certificate or policy (otherwise they get 421 Misdirected Request). Ignored with `client_auth`.',
  '- **hsts** `[<max_age_seconds>] [include_subdomains] [preload]`: send `Strict-Transport-Security` on the',
  '  site\'s HTTPS responses (max-age defaults to one year).',
  '',
  'Each site on a shared port gets its own versions, ciphers, ALPN and client-certificate settings: the',
  'client\'s SNI chooses the site before the handshake is negotiated.',
].join('\n');

export const TLS_POLICY_CODES = ['RWS3301', 'RWS3302', 'RWS3303', 'RWS3304', 'RWS3305', 'RWS3307'] as const;

/** The policy part of a `tls` block; null when anything was invalid (already reported). */
export function bindTlsPolicy(grouped: Grouped, ctx: BindContext): TlsPolicySetting | null {
  let ok = true;
  let minVersion: TlsPolicySetting['minVersion'] = null;
  let maxVersion: TlsPolicySetting['maxVersion'] = null;
  const minLine = lineOf(grouped, 'min_version');
  const protocolsLine = lineOf(grouped, 'protocols');
  if (minLine !== null && protocolsLine !== null) {
    ctx.error('RWS3305', '`min_version` and `protocols` both set the oldest TLS version', protocolsLine.args[0].span, {
      notes: [{ message: '`min_version` is here', span: minLine.args[0].span }],
      hint: 'keep `protocols <min> <max>` and remove `min_version`',
    });
    ok = false;
  } else if (minLine !== null) {
    const v = versionOf(argsOf(minLine)[0], ctx);
    if (v === null) ok = false;
    minVersion = v;
  } else if (protocolsLine !== null) {
    const [minArg, maxArg] = argsOf(protocolsLine);
    const min = versionOf(minArg, ctx);
    const max = maxArg === undefined ? null : versionOf(maxArg, ctx);
    if (min === null || (maxArg !== undefined && max === null)) ok = false;
    else if (min === 'TLSv1.3' && max === 'TLSv1.2') {
      ctx.error('RWS3302', '`protocols tls1.3 tls1.2`: the oldest version is newer than the newest', protocolsLine.args[0].span, {
        hint: 'write the oldest first: `protocols tls1.2 tls1.3`',
      });
      ok = false;
    }
    minVersion = min;
    maxVersion = max;
  }
  const cipherArgs = allArgsOf(grouped, 'ciphers');
  const ciphers = cipherArgs.length === 0 ? null : parseList(cipherArgs, ctx, (arg) => parseCipher(arg, ctx), 'cipher suite');
  if (cipherArgs.length > 0 && ciphers === null) ok = false;
  const alpnArgs = allArgsOf(grouped, 'alpn');
  const alpn = alpnArgs.length === 0 ? null : parseList(alpnArgs, ctx, (arg) => parseEnum(arg, ctx, ALPN, 'ALPN protocol'), 'ALPN protocol');
  if (alpnArgs.length > 0 && alpn === null) ok = false;
  const clientAuthLine = lineOf(grouped, 'client_auth');
  const clientAuth = clientAuthLine === null ? null : parseClientAuth(clientAuthLine, ctx);
  if (clientAuthLine !== null && clientAuth === null) ok = false;
  const hstsLine = lineOf(grouped, 'hsts');
  const hsts = hstsLine === null ? null : parseHsts(argsOf(hstsLine), ctx);
  if (hstsLine !== null && hsts === null) ok = false;
  if (!ok) return null;
  const mismatchLine = lineOf(grouped, 'allow_sni_mismatch');
  if (mismatchLine !== null && clientAuth !== null) {
    ctx.warn('RWS3307', '`allow_sni_mismatch` is ignored in a site with `client_auth`', mismatchLine.args[0].span, {
      notes: [{ message: '`client_auth` is here', span: clientAuthLine!.args[0].span }],
      hint: 'requests for this site must come on connections that passed its client-certificate check; remove `allow_sni_mismatch`',
    });
  }
  return { minVersion, maxVersion, ciphers, alpn, clientAuth, allowSniMismatch: mismatchLine !== null && clientAuth === null, hsts };
}

/** True when the block holds any policy subdirective (so `tls` emits a policy option). */
export function hasTlsPolicy(grouped: Grouped): boolean {
  return TLS_POLICY_SUBDIRECTIVES.some((spec) => grouped.has(spec.name));
}

function versionOf(arg: Arg, ctx: BindContext): 'TLSv1.2' | 'TLSv1.3' | null {
  const name = parseEnum(arg, ctx, VERSION_NAMES, 'TLS version');
  return name === null ? null : VERSIONS[name];
}

function parseCipher(arg: Arg, ctx: BindContext): string | null {
  const name = cipherName(arg.value) ?? cipherName(arg.value.toUpperCase());
  if (name !== undefined) return name;
  const suggestion = didYouMean(arg.value.toUpperCase(), cipherSpellings());
  ctx.error('RWS3301', `unknown cipher suite \`${arg.value}\``, arg.span, {
    hint: suggestion === null ? 'see the `ciphers` list under `tls` in docs/directives.md' : `did you mean \`${suggestion}\`?`,
    ...(suggestion === null ? {} : { fix: { message: `replace with \`${suggestion}\``, edits: [{ span: arg.span, newText: suggestion }] } }),
  });
  return null;
}

function parseHsts(args: readonly Arg[], ctx: BindContext): string | null {
  let maxAge = HSTS_DEFAULT_MAX_AGE;
  const flags = new Set<string>();
  for (const arg of args) {
    if (/^\d/.test(arg.value)) {
      const n = parseInteger(arg, ctx, { min: 0 });
      if (n === null) return null;
      maxAge = n;
      continue;
    }
    const flag = parseEnum(arg, ctx, HSTS_FLAGS, 'hsts option');
    if (flag === null) return null;
    flags.add(flag);
  }
  let value = `max-age=${maxAge}`;
  if (flags.has('include_subdomains')) value += '; includeSubDomains';
  if (flags.has('preload')) value += '; preload';
  return value;
}
