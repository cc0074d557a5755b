/**
 * Values shared by the certificate directives: an ACME account email and a DNS-01 hook
 * (`exec <command…>` or `webhook <url>`).
 *
 * Invariant: an email has one `@` with text on both sides and no spaces; a hook's command is non-empty.
 */
import type { DnsHookPlan } from '../../runtime/plan/plan.ts';
import type { BindContext, Reporter, SubdirectiveSpec } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseEnum } from '../values/enum.ts';
import { parseUrl } from '../values/url.ts';

export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

export function parseEmail(arg: Arg, r: Reporter): string | null {
  if (looksLikeEmail(arg.value)) return arg.value;
  r.error('RWS3601', `\`${arg.value}\` is not an email address`, arg.span, { hint: 'e.g. `ops@example.com`' });
  return null;
}

export const DNS_HOOK_ARGS: SubdirectiveSpec['args'] = [
  { name: 'kind', type: { kind: 'enum', values: ['exec', 'webhook'] }, docs: '`exec` runs a command; `webhook` POSTs JSON to a URL.' },
  { name: 'target', type: { kind: 'string' }, docs: 'The command and its arguments, or the URL.', variadic: true },
];

/**
 * `exec <command…>`: rws runs the command with RWS_ACME_ACTION=set|clear, RWS_ACME_NAME (the
 * `_acme-challenge.` record name, with a trailing dot) and RWS_ACME_TXT; exit status 0 = done.
 * `webhook <url>`: rws POSTs `{"action","name","txt"}` and expects a 2xx answer.
 */
export function parseDnsHook(args: readonly Arg[], ctx: BindContext): DnsHookPlan | null {
  const [kindArg, ...rest] = args;
  if (kindArg === undefined) return null;
  const kind = parseEnum(kindArg, ctx, ['exec', 'webhook'] as const, 'DNS hook');
  if (kind === null || rest.length === 0) return null;
  if (kind === 'exec') return { kind: 'exec', command: rest.map((a) => a.value) };
  const url = parseUrl(rest[0], ctx);
  return url === null ? null : { kind: 'webhook', url };
}
