/**
 * Matcher types: one small parser per type, from the words after the type name to a MatcherPlan.
 *
 * Invariant: every regexp is compiled here (never per request) and every host, method and header name is
 * normalised (lower- or upper-case) before it reaches the plan.
 */
import type { MatcherPlan } from '../../runtime/plan/plan.ts';
import type { Reporter } from '../registry/directive.ts';
import type { Arg } from '../syntax/ast.ts';
import { parseRanges } from '../values/cidr.ts';
import { parseHeaderName } from '../values/header-name.ts';
import { checkHost } from '../values/host.ts';
import { parseRegexp } from '../values/regexp.ts';
import { pathPattern } from './path-pattern.ts';

export interface MatcherTypeContext extends Reporter {
  /** The capture name for an unnamed regexp: the named matcher's name ('' for inline matchers). */
  readonly defaultName: string;
}

interface MatcherType {
  readonly usage: string;
  /** One sentence for completion and hover in the language server. */
  readonly summary: string;
  readonly min: number;
  readonly max: number;
  readonly parse: (args: readonly Arg[], ctx: MatcherTypeContext) => MatcherPlan | null;
}

const METHOD = /^[A-Z0-9!#$%&'*+.^_`|~-]+$/;
const PROTOCOLS = ['http', 'https', 'http/1.1', 'http/2'] as const;

/** `remote_ip` / `client_ip`: addresses, CIDR ranges and `private_ranges`. */
function ipRangeMatcher(kind: 'remote_ip' | 'client_ip', summary: string): MatcherType {
  return {
    usage: `${kind} <ip|cidr|private_ranges...>`,
    summary,
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      const ranges = parseRanges(args, ctx);
      return ranges === null ? null : { kind, ranges };
    },
  };
}

/** `not`, handled by the matcher-line binder rather than a parser here: its usage and summary, for the language server. */
export const NOT_MATCHER = {
  usage: 'not <matcher> | not { <matchers...> }',
  summary: 'Negates one condition, or all the conditions of its block taken together.',
} as const;

export const MATCHER_TYPES: Readonly<Record<string, MatcherType>> = {
  path: {
    usage: 'path <pattern...>',
    summary: 'Matches the request path against patterns: exact (`/a`), prefix (`/api/*`), suffix (`*.php`) or `*` wildcards.',
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      let ok = true;
      for (const a of args) {
        if (!a.value.startsWith('/') && !a.value.startsWith('*')) {
          ctx.error('RWS4005', `path pattern \`${a.value}\` must start with \`/\` or \`*\``, a.span, { hint: `e.g. \`/${a.value}\`, \`/api/*\` or \`*.php\`` });
          ok = false;
        }
      }
      return ok ? { kind: 'path', patterns: args.map((a) => pathPattern(a.value)) } : null;
    },
  },
  path_regexp: {
    usage: 'path_regexp [<name>] <regexp>',
    summary: "Matches the path against a regular expression; its captures are `{re.NAME.N}` (NAME defaults to the matcher's name).",
    min: 1,
    max: 2,
    parse(args, ctx) {
      const re = args[args.length - 1];
      const name = args.length === 2 ? args[0].value : ctx.defaultName;
      const pattern = parseRegexp(re, ctx);
      return pattern === null ? null : { kind: 'path_regexp', name, pattern, flags: '' };
    },
  },
  host: {
    usage: 'host <host...>',
    summary: 'Matches the request host (`example.com`, or `*.example.com` for one label).',
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      const exact: string[] = [];
      const wildcard: string[] = [];
      let ok = true;
      for (const a of args) {
        const isWildcard = a.value.startsWith('*.');
        const bare = isWildcard ? a.value.slice(2) : a.value;
        const checked = bare.includes('*') ? { ok: false as const, reason: 'only the leftmost label may be `*`' } : checkHost(bare);
        if (!checked.ok) {
          ctx.error('RWS4005', `invalid host \`${a.value}\`: ${checked.reason}`, a.span, { hint: 'e.g. `example.com` or `*.example.com`' });
          ok = false;
        } else if (isWildcard) wildcard.push(`*.${checked.host}`);
        else exact.push(checked.host);
      }
      return ok ? { kind: 'host', exact, wildcard } : null;
    },
  },
  method: {
    usage: 'method <method...>',
    summary: 'Matches the request method (`GET`, `POST`, …).',
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      const methods = args.map((a) => a.value.toUpperCase());
      const bad = args.find((_arg, i) => !METHOD.test(methods[i]));
      if (bad !== undefined) {
        ctx.error('RWS4005', `invalid method \`${bad.value}\``, bad.span, { hint: 'e.g. `GET`, `POST` or `DELETE`' });
        return null;
      }
      return { kind: 'method', methods };
    },
  },
  header: {
    usage: 'header [!]<field> [<value...>]',
    summary: 'Matches a request header: present (`header X-Key`), absent (`header !X-Key`) or equal to one of the values (`*` wildcards allowed).',
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      const field = args[0];
      const negated = field.value.startsWith('!');
      const nameArg = negated ? { ...field, value: field.value.slice(1), raw: field.raw.slice(1), span: { ...field.span, start: field.span.start + 1 } } : field;
      const name = parseHeaderName(nameArg, ctx);
      if (name === null) return null;
      const values = args.length > 1 ? args.slice(1).map((a) => a.value) : null;
      return { kind: 'header', name: name.toLowerCase(), values };
    },
  },
  header_regexp: {
    usage: 'header_regexp [<name>] <field> <regexp>',
    summary: 'Matches a request header against a regular expression; its captures are `{re.NAME.N}`.',
    min: 2,
    max: 3,
    parse(args, ctx) {
      const re = args[args.length - 1];
      const fieldArg = args[args.length - 2];
      const name = args.length === 3 ? args[0].value : ctx.defaultName;
      const headerName = parseHeaderName(fieldArg, ctx);
      const pattern = parseRegexp(re, ctx);
      if (headerName === null || pattern === null) return null;
      return { kind: 'header_regexp', name, headerName: headerName.toLowerCase(), pattern, flags: '' };
    },
  },
  query: {
    usage: 'query <key=value...>',
    summary: 'Matches query parameters given as `key=value` pairs.',
    min: 1,
    max: Infinity,
    parse(args, ctx) {
      const params: Record<string, string[]> = {};
      let ok = true;
      for (const a of args) {
        const eq = a.value.indexOf('=');
        if (eq <= 0) {
          ctx.error('RWS4005', `query condition \`${a.value}\` must be \`key=value\``, a.span, { hint: 'e.g. `debug=1`, or `debug=*` for "present with any value"' });
          ok = false;
          continue;
        }
        const key = a.value.slice(0, eq);
        (params[key] ??= []).push(a.value.slice(eq + 1));
      }
      return ok ? { kind: 'query', params } : null;
    },
  },
  remote_ip: ipRangeMatcher('remote_ip', 'Matches the TCP peer\'s address (a proxy in front of rws, if any) against IPs or CIDR ranges (`private_ranges` for the private ones).'),
  client_ip: ipRangeMatcher(
    'client_ip',
    'Matches the client IP (from `X-Forwarded-For` when the peer is one of the `trusted_proxies`) against IPs or CIDR ranges (`private_ranges` for the private ones).',
  ),
  protocol: {
    usage: 'protocol http|https|http/1.1|http/2',
    summary: 'Matches the scheme or HTTP version: `http`, `https`, `http/1.1` or `http/2`.',
    min: 1,
    max: 1,
    parse(args, ctx) {
      const value = args[0].value.toLowerCase();
      const protocol = PROTOCOLS.find((p) => p === value);
      if (protocol === undefined) {
        ctx.error('RWS4005', `unknown protocol \`${args[0].value}\``, args[0].span, { hint: 'one of `http`, `https`, `http/1.1`, `http/2`' });
        return null;
      }
      return { kind: 'protocol', protocol };
    },
  },
};

/** Every matcher type name, `not` included (for did-you-mean). */
export const MATCHER_TYPE_NAMES: readonly string[] = [...Object.keys(MATCHER_TYPES), 'not'];

/** True when the header matcher's field was written `!Field` (the binder wraps it in a `not`). */
export function isNegatedHeader(typeName: string, args: readonly Arg[]): boolean {
  return typeName === 'header' && args[0] !== undefined && args[0].value.startsWith('!');
}
