/**
 * Placeholder names → PlaceholderRef: `{host}`, `{query.NAME}`, `{path.N}`, `{re.MATCHER.N}`, `{err.status}`…
 *
 * Invariant: resolution happens once, here, at compile time; the runtime gets accessors, never names to parse.
 */
import type { PlaceholderRef, RequestField } from '../../runtime/plan/plan.ts';
import type { DiagnosticCode } from '../diagnostics/codes.ts';
import { didYouMean } from '../values/did-you-mean.ts';

export const REQUEST_FIELDS: readonly RequestField[] = [
  'host',
  'hostport',
  'port',
  'method',
  'scheme',
  'proto',
  'uri',
  'path',
  'dir',
  'file',
  'query',
  'orig_uri',
  'remote',
  'remote_ip',
  'client_ip',
  'remote_port',
  'request_id',
  'time',
  'time_unix',
  'pid',
  'root',
  'site',
  'tls_version',
  'tls_cipher',
  'tls_server_name',
  'tls_client_subject',
  'tls_client_issuer',
  'tls_client_serial',
  'tls_client_fingerprint',
  'tls_client_san_dns',
  'tls_client_san_email',
  'tls_client_san_uri',
  'tls_client_san_ip',
  'tls_client_not_after',
  'tls_client_verified',
];

/** Prefixes of placeholders that take an argument after a dot. */
export const PLACEHOLDER_PREFIXES = ['query', 'header', 'cookie', 'path', 'labels', 'vars', 're', 'err'] as const;

const FIELDS = new Set<string>(REQUEST_FIELDS);
const PREFIXES = new Set<string>(PLACEHOLDER_PREFIXES);
const ERROR_FIELDS = new Set(['status', 'message', 'id']);
const INTEGER = /^-?\d+$/;

/** Where captures come from: regexp names of the site's named matchers → matcher index. */
export interface CaptureScope {
  capture(name: string): number | undefined;
  captureNames(): Iterable<string>;
}

export type PlaceholderResult =
  | { readonly ok: true; readonly ref: PlaceholderRef }
  | { readonly ok: false; readonly code: DiagnosticCode; readonly message: string; readonly hint: string; readonly known: boolean };

/** True when the first segment of the name is a known placeholder root (a request field or a prefix). */
export function hasKnownRoot(name: string): boolean {
  const dot = name.indexOf('.');
  const root = dot === -1 ? name : name.slice(0, dot);
  return FIELDS.has(root) || PREFIXES.has(root);
}

export function resolvePlaceholder(name: string, scope: CaptureScope): PlaceholderResult {
  if (FIELDS.has(name)) return { ok: true, ref: { ph: 'request', field: name as RequestField } };
  const dot = name.indexOf('.');
  const prefix = dot === -1 ? name : name.slice(0, dot);
  const rest = dot === -1 ? '' : name.slice(dot + 1);
  if (!PREFIXES.has(prefix)) return unknown(name);
  if (dot === -1) return malformed(`\`{${prefix}}\` needs a name after a dot`, example(prefix));
  switch (prefix) {
    case 'query':
    case 'header':
    case 'cookie':
    case 'vars': {
      if (rest === '') return malformed(`\`{${name}}\` needs a name after the dot`, example(prefix));
      if (prefix === 'query') return { ok: true, ref: { ph: 'query', name: rest } };
      if (prefix === 'header') return { ok: true, ref: { ph: 'header', name: rest.toLowerCase() } };
      if (prefix === 'cookie') return { ok: true, ref: { ph: 'cookie', name: rest } };
      return { ok: true, ref: { ph: 'var', name: rest } };
    }
    case 'path':
    case 'labels': {
      if (!INTEGER.test(rest)) return malformed(`\`{${name}}\`: the index must be an integer`, example(prefix));
      const index = Number(rest);
      return { ok: true, ref: prefix === 'path' ? { ph: 'segment', index } : { ph: 'label', index } };
    }
    case 're': {
      const last = rest.lastIndexOf('.');
      if (last <= 0 || last === rest.length - 1) return malformed(`\`{${name}}\` needs a regexp name and a group`, example(prefix));
      const regexp = rest.slice(0, last);
      const group = rest.slice(last + 1);
      const matcher = scope.capture(regexp);
      if (matcher === undefined) {
        const suggestion = didYouMean(regexp, scope.captureNames());
        return {
          ok: false,
          code: 'RWS4009',
          message: `unknown regexp \`${regexp}\` in \`{${name}}\``,
          hint: suggestion !== null ? `did you mean \`{re.${suggestion}.${group}}\`?` : 'name a `path_regexp` or `header_regexp` in a named matcher of this site',
          known: true,
        };
      }
      return { ok: true, ref: { ph: 'capture', matcher, group: /^\d+$/.test(group) ? Number(group) : group } };
    }
    case 'err': {
      if (!ERROR_FIELDS.has(rest)) {
        const suggestion = didYouMean(rest, ERROR_FIELDS);
        return unknown(name, suggestion === null ? undefined : `err.${suggestion}`);
      }
      return { ok: true, ref: { ph: 'error', field: rest as 'status' | 'message' | 'id' } };
    }
  }
  return unknown(name);
}

function malformed(message: string, hint: string): PlaceholderResult {
  return { ok: false, code: 'RWS4010', message, hint, known: true };
}

function unknown(name: string, suggestion?: string): PlaceholderResult {
  const dot = name.indexOf('.');
  const best =
    suggestion ??
    (dot === -1 ? didYouMean(name, [...REQUEST_FIELDS, ...PLACEHOLDER_PREFIXES]) : withPrefix(didYouMean(name.slice(0, dot), PLACEHOLDER_PREFIXES), name.slice(dot)));
  return {
    ok: false,
    code: 'RWS4007',
    message: `unknown placeholder \`{${name}}\``,
    hint: best !== null ? `did you mean \`{${best}}\`?` : 'check the spelling, or write `\\{` for a literal brace',
    known: best !== null,
  };
}

function withPrefix(prefix: string | null, rest: string): string | null {
  return prefix === null ? null : prefix + rest;
}

function example(prefix: string): string {
  switch (prefix) {
    case 'query':
      return 'e.g. `{query.page}`';
    case 'header':
      return 'e.g. `{header.user-agent}`';
    case 'cookie':
      return 'e.g. `{cookie.session}`';
    case 'vars':
      return 'e.g. `{vars.name}`';
    case 'path':
      return 'e.g. `{path.0}` (first segment) or `{path.-1}` (last)';
    case 'labels':
      return 'e.g. `{labels.0}` (the top-level domain) or `{labels.1}`';
    case 're':
      return 'e.g. `{re.item.1}` or `{re.item.id}`';
    default:
      return 'e.g. `{err.status}`';
  }
}
