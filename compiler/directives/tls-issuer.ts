/**
 * The managed-certificate forms of `tls`: `tls internal`, `tls <email>`, and the block settings
 * `issuer acme|internal`, `ca <directory_url>`, `dns exec|webhook …` and `on_demand`.
 *
 * Invariant: returns a `tls_managed` site option (what the site asks for); the global settings are applied
 * later, when the site is bound (compiler/bind/cert-automation.ts).
 */
import type { ManagedTlsRequest } from '../bind/cert-automation.ts';
import type { BindContext, DirectiveNode, SiteOption, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { parseUrl } from '../values/url.ts';
import { argsOf, type Grouped, lineOf } from './block-lines.ts';
import { DNS_HOOK_ARGS, looksLikeEmail, parseDnsHook } from './acme-values.ts';

const CHALLENGE_TYPES = ['http-01', 'tls-alpn-01', 'dns-01'] as const;

export const ISSUER_SUBDIRECTIVES: readonly SubdirectiveSpec[] = [
  {
    name: 'issuer',
    summary: 'Who signs the certificate: `acme` (a public CA) or `internal` (rws\'s local CA).',
    args: [{ name: 'issuer', type: { kind: 'enum', values: ['acme', 'internal'] }, docs: '`acme` or `internal`.' }],
  },
  { name: 'ca', summary: 'ACME directory URL for this site (default: the global `acme_ca`).', args: [{ name: 'directory_url', type: { kind: 'url' }, docs: 'An RFC 8555 directory URL.' }] },
  { name: 'dns', summary: 'DNS-01 hook for this site (needed for wildcard names).', args: DNS_HOOK_ARGS },
  { name: 'on_demand', summary: 'Obtain certificates at the first handshake, gated by `on_demand_tls`.', args: [] },
  {
    name: 'challenges',
    summary: 'ACME challenge types to use, in order of preference (default: http-01 tls-alpn-01, then dns-01 with a DNS hook).',
    args: [{ name: 'type', type: { kind: 'enum', values: CHALLENGE_TYPES }, docs: '`http-01`, `tls-alpn-01` or `dns-01`.', variadic: true }],
  },
];

export const ISSUER_NAMES = new Set(ISSUER_SUBDIRECTIVES.map((s) => s.name));

/**
 * `first` is the single argument of `tls internal` / `tls <email>` (null when there is none); `grouped` the
 * block's subdirectives. Returns null when something was reported.
 */
export function bindManagedTls(node: DirectiveNode, first: Arg | null, grouped: Grouped, ctx: BindContext): SiteOption | null {
  let issuer: ManagedTlsRequest['issuer'] = null;
  let email: string | null = null;
  if (first !== null) {
    if (first.value === 'internal') issuer = 'internal';
    else if (looksLikeEmail(first.value)) email = first.value;
    else {
      ctx.error('RWS3604', `\`tls ${first.value}\`: expected a certificate and a key file, \`internal\`, or an email address`, first.span, {
        hint: 'write `tls cert.pem key.pem`, `tls internal`, or `tls you@example.com`',
      });
      return null;
    }
  }
  let ok = true;
  const issuerLine = lineOf(grouped, 'issuer');
  if (issuerLine !== null && argsOf(issuerLine)[0] !== undefined) {
    const value = parseEnum(argsOf(issuerLine)[0], ctx, ['acme', 'internal'] as const, 'issuer');
    if (value === null) ok = false;
    else issuer = value;
  }
  const caLine = lineOf(grouped, 'ca');
  let ca: string | null = null;
  if (caLine !== null && argsOf(caLine)[0] !== undefined) {
    ca = parseUrl(argsOf(caLine)[0], ctx);
    if (ca === null) ok = false;
  }
  const dnsLine = lineOf(grouped, 'dns');
  const dns = dnsLine === null ? null : parseDnsHook(argsOf(dnsLine), ctx);
  if (dnsLine !== null && dns === null) ok = false;
  const onDemand = lineOf(grouped, 'on_demand') !== null;
  const challengesLine = lineOf(grouped, 'challenges');
  let challenges: ManagedTlsRequest['challenges'] = null;
  if (challengesLine !== null) {
    const parsed = argsOf(challengesLine).map((a) => parseEnum(a, ctx, CHALLENGE_TYPES, 'challenge type'));
    if (parsed.some((c) => c === null)) ok = false;
    else challenges = [...new Set(parsed as (typeof CHALLENGE_TYPES)[number][])];
  }
  if (!ok) return null;
  const end = first?.span.end ?? node.nameSpan.end;
  return { kind: 'tls_managed', request: { issuer, email, ca, dns, onDemand, challenges }, span: { ...node.nameSpan, end } };
}
