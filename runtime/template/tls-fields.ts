/**
 * `{tls_*}` placeholders: the TLS connection a request arrived on and its client certificate.
 *
 * Invariant: the client certificate is parsed at most once per connection (cached by its socket, released with
 * it); over plain HTTP, and without a client certificate, every field is the empty string.
 */
import type { NodeRequest, RequestContext } from '../http/handler.ts';
import { tlsSocketOf } from '../http/tls-socket.ts';
import type { TlsField } from '../plan/plan.ts';

type Accessor = (ctx: RequestContext) => string;

interface ClientCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly fingerprint: string;
  readonly sanDns: string;
  readonly sanEmail: string;
  readonly sanUri: string;
  readonly sanIp: string;
  readonly notAfter: string;
  readonly verified: string;
}

const NONE: ClientCertificate = { subject: '', issuer: '', serial: '', fingerprint: '', sanDns: '', sanEmail: '', sanUri: '', sanIp: '', notAfter: '', verified: '' };
const cache = new WeakMap<object, ClientCertificate>();

export function tlsField(field: TlsField): Accessor {
  switch (field) {
    case 'tls_version':
      return (ctx) => {
        const protocol = tlsSocketOf(ctx.req)?.getProtocol() ?? null;
        return protocol === null ? '' : protocol.replace('TLSv', 'tls');
      };
    case 'tls_cipher':
      return (ctx) => tlsSocketOf(ctx.req)?.getCipher()?.name ?? '';
    case 'tls_server_name':
      return (ctx) => {
        const name = tlsSocketOf(ctx.req)?.servername;
        return typeof name === 'string' ? name : '';
      };
    case 'tls_client_subject':
      return (ctx) => clientCertificate(ctx.req).subject;
    case 'tls_client_issuer':
      return (ctx) => clientCertificate(ctx.req).issuer;
    case 'tls_client_serial':
      return (ctx) => clientCertificate(ctx.req).serial;
    case 'tls_client_fingerprint':
      return (ctx) => clientCertificate(ctx.req).fingerprint;
    case 'tls_client_san_dns':
      return (ctx) => clientCertificate(ctx.req).sanDns;
    case 'tls_client_san_email':
      return (ctx) => clientCertificate(ctx.req).sanEmail;
    case 'tls_client_san_uri':
      return (ctx) => clientCertificate(ctx.req).sanUri;
    case 'tls_client_san_ip':
      return (ctx) => clientCertificate(ctx.req).sanIp;
    case 'tls_client_not_after':
      return (ctx) => clientCertificate(ctx.req).notAfter;
    case 'tls_client_verified':
      return (ctx) => clientCertificate(ctx.req).verified;
    default:
      return unreachable(field);
  }
}

function clientCertificate(req: NodeRequest): ClientCertificate {
  const socket = tlsSocketOf(req);
  if (socket === null) return NONE;
  const cached = cache.get(socket);
  if (cached !== undefined) return cached;
  const cert = socket.getPeerX509Certificate();
  const info = cert === undefined ? NONE : describe(cert, socket.authorized);
  cache.set(socket, info);
  return info;
}

function describe(cert: import('node:crypto').X509Certificate, verified: boolean): ClientCertificate {
  const san = (cert.subjectAltName ?? '').split(', ').filter((s) => s !== '');
  const of = (prefix: string): string =>
    san
      .filter((entry) => entry.startsWith(prefix))
      .map((entry) => unquote(entry.slice(prefix.length)))
      .join(',');
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    serial: cert.serialNumber.toUpperCase(),
    fingerprint: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
    sanDns: of('DNS:'),
    sanEmail: of('email:'),
    sanUri: of('URI:'),
    sanIp: of('IP Address:'),
    notAfter: new Date(cert.validTo).toISOString(),
    verified: verified ? 'true' : 'false',
  };
}

/** Node's "C=US\nO=Example\nCN=alice" (values already escaped RFC 2253 style) → RFC 4514 order: "CN=alice,O=Example,C=US". */
function distinguishedName(lines: string): string {
  return lines
    .split('\n')
    .filter((l) => l !== '')
    .reverse()
    .join(',');
}

/** Node quotes SAN values holding separators as JSON strings. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}

function unreachable(value: never): never {
  throw new Error(`unknown TLS field ${JSON.stringify(value)}`);
}
