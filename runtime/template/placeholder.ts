/**
 * PlaceholderRef → accessor. Each placeholder becomes a small function at provision time; per request it
 * only reads fields of the context. Unknown or absent values are the empty string (like Caddy).
 */
import { STATUS_CODES } from 'node:http';
import type { RequestContext } from '../http/handler.ts';
import { encodePath } from '../http/request-target.ts';
import { headerValue } from '../matchers/header-value.ts';
import type { PlaceholderRef, RequestField } from '../plan/plan.ts';
import { tlsField } from './tls-fields.ts';

export type Accessor = (ctx: RequestContext) => string;

export function compilePlaceholder(ref: PlaceholderRef): Accessor {
  switch (ref.ph) {
    case 'request':
      return requestField(ref.field);
    case 'query': {
      const name = ref.name;
      return (ctx) => (ctx.query === '' ? '' : (new URLSearchParams(ctx.query).get(name) ?? ''));
    }
    case 'header': {
      const name = ref.name.toLowerCase();
      return (ctx) => headerValue(ctx.headers, name) ?? '';
    }
    case 'cookie': {
      const name = ref.name;
      return (ctx) => cookieValue(headerValue(ctx.headers, 'cookie'), name);
    }
    case 'segment': {
      const index = ref.index;
      return (ctx) => {
        const segments = ctx.path.split('/').filter((s) => s !== '');
        return segments.at(index) ?? '';
      };
    }
    case 'label': {
      const index = ref.index;
      return (ctx) => {
        const labels = ctx.host.split('.');
        return labels[labels.length - 1 - index] ?? '';
      };
    }
    case 'capture': {
      const { matcher, group } = ref;
      if (typeof group === 'number') return (ctx) => ctx.captures[matcher]?.[group] ?? '';
      return (ctx) => ctx.captures[matcher]?.groups?.[group] ?? '';
    }
    case 'var': {
      const name = ref.name;
      return (ctx) => ctx.vars.get(name) ?? '';
    }
    case 'error':
      return errorField(ref.field);
    default:
      return unreachable(ref);
  }
}

function requestField(field: RequestField): Accessor {
  switch (field) {
    case 'host':
      return (ctx) => ctx.host;
    case 'hostport':
      return (ctx) => headerValue(ctx.headers, 'host') ?? `${ctx.host}:${ctx.port}`;
    case 'port':
      return (ctx) => String(ctx.port);
    case 'method':
      return (ctx) => ctx.method;
    case 'scheme':
      return (ctx) => ctx.scheme;
    case 'proto':
      return (ctx) => ctx.proto;
    case 'uri':
      return (ctx) => (ctx.query === '' ? encodePath(ctx.path) : `${encodePath(ctx.path)}?${ctx.query}`);
    case 'path':
      return (ctx) => ctx.path;
    case 'dir':
      return (ctx) => ctx.path.slice(0, ctx.path.lastIndexOf('/') + 1);
    case 'file':
      return (ctx) => ctx.path.slice(ctx.path.lastIndexOf('/') + 1);
    case 'query':
      return (ctx) => ctx.query;
    case 'orig_uri':
      return (ctx) => ctx.originalUri;
    case 'remote':
      return (ctx) => (ctx.remoteIp.includes(':') ? `[${ctx.remoteIp}]:${ctx.remotePort}` : `${ctx.remoteIp}:${ctx.remotePort}`);
    case 'remote_ip':
      return (ctx) => ctx.remoteIp;
    case 'client_ip':
      return (ctx) => ctx.clientIp;
    case 'remote_port':
      return (ctx) => String(ctx.remotePort);
    case 'request_id':
      return (ctx) => ctx.id;
    case 'time':
      return () => new Date().toISOString();
    case 'time_unix':
      return () => String(Math.floor(Date.now() / 1000));
    case 'pid': {
      const pid = String(process.pid);
      return () => pid;
    }
    case 'root':
      return (ctx) => ctx.root ?? '';
    case 'site':
      return (ctx) => ctx.site.name;
    case 'tls_version':
    case 'tls_cipher':
    case 'tls_server_name':
    case 'tls_client_subject':
    case 'tls_client_issuer':
    case 'tls_client_serial':
    case 'tls_client_fingerprint':
    case 'tls_client_san_dns':
    case 'tls_client_san_email':
    case 'tls_client_san_uri':
    case 'tls_client_san_ip':
    case 'tls_client_not_after':
    case 'tls_client_verified':
      return tlsField(field);
    default:
      return unreachable(field);
  }
}

function errorField(field: 'status' | 'message' | 'id'): Accessor {
  switch (field) {
    case 'status':
      return (ctx) => (ctx.error === null ? '' : String(ctx.error.status));
    case 'message':
      return (ctx) => (ctx.error === null ? '' : ctx.error.message || (STATUS_CODES[ctx.error.status] ?? ''));
    case 'id':
      return (ctx) => (ctx.error === null ? '' : ctx.id);
    default:
      return unreachable(field);
  }
}

function cookieValue(header: string | undefined, name: string): string {
  if (header === undefined) return '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return '';
}

function unreachable(value: never): never {
  throw new Error(`unknown placeholder ${JSON.stringify(value)}`);
}
