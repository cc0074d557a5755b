/**
 * What each placeholder means, for completion and hover in the language server (and any docs that list them).
 * Keyed by the same lists the binder resolves (`REQUEST_FIELDS`, `PLACEHOLDER_PREFIXES` in placeholder.ts),
 * so a new placeholder without docs is a type error.
 *
 * Invariant: one entry per request field and per prefix; the examples are valid placeholders.
 */
import type { RequestField } from '../../runtime/plan/plan.ts';
import type { PLACEHOLDER_PREFIXES } from './placeholder.ts';

export interface PlaceholderDoc {
  /** The placeholder as written, e.g. `{query.NAME}`. */
  readonly syntax: string;
  /** One or two sentences of markdown. */
  readonly docs: string;
}

export const REQUEST_FIELD_DOCS: { readonly [F in RequestField]: PlaceholderDoc } = {
  host: { syntax: '{host}', docs: 'The request host, lower-case, without the port.' },
  hostport: { syntax: '{hostport}', docs: 'The `Host` header as sent (host and port), or `host:port` when the header is missing.' },
  port: { syntax: '{port}', docs: 'The port the request arrived on.' },
  method: { syntax: '{method}', docs: 'The request method (`GET`, `POST`, …).' },
  scheme: { syntax: '{scheme}', docs: '`http` or `https`.' },
  proto: { syntax: '{proto}', docs: 'The protocol version, e.g. `HTTP/1.1` or `HTTP/2.0`.' },
  uri: { syntax: '{uri}', docs: 'The path (encoded) and query string, after any rewrite.' },
  path: { syntax: '{path}', docs: 'The decoded request path, after any rewrite.' },
  dir: { syntax: '{dir}', docs: 'The path up to and including its last `/`.' },
  file: { syntax: '{file}', docs: 'The last segment of the path (after the last `/`).' },
  query: { syntax: '{query}', docs: 'The raw query string, without the `?`.' },
  orig_uri: { syntax: '{orig_uri}', docs: 'The URI as the client sent it, before any rewrite.' },
  remote: { syntax: '{remote}', docs: 'The client address as `ip:port` (`[ip]:port` for IPv6).' },
  remote_ip: { syntax: '{remote_ip}', docs: 'The IP address of the TCP peer (a proxy in front of rws, if any).' },
  client_ip: {
    syntax: '{client_ip}',
    docs: 'The client IP address: read from `X-Forwarded-For` (or `client_ip_headers`) when the TCP peer is one of the `trusted_proxies`, else the TCP peer.',
  },
  remote_port: { syntax: '{remote_port}', docs: 'The client port.' },
  request_id: { syntax: '{request_id}', docs: 'A unique id for this request (also in the access log and in error responses).' },
  time: { syntax: '{time}', docs: 'The current time, ISO 8601 in UTC.' },
  time_unix: { syntax: '{time_unix}', docs: 'The current time in seconds since the Unix epoch.' },
  pid: { syntax: '{pid}', docs: 'The id of the process serving the request (with `workers`, it tells the workers apart).' },
  root: { syntax: '{root}', docs: 'The site root set by `root` (empty when none).' },
  site: { syntax: '{site}', docs: 'The addresses of the site that handles the request, as written.' },
  tls_version: { syntax: '{tls_version}', docs: 'The TLS version of the connection (`tls1.2`, `tls1.3`); empty over plain HTTP.' },
  tls_cipher: { syntax: '{tls_cipher}', docs: 'The cipher suite of the connection (OpenSSL name); empty over plain HTTP.' },
  tls_server_name: { syntax: '{tls_server_name}', docs: 'The server name (SNI) the client sent in the TLS handshake; empty when none.' },
  tls_client_subject: { syntax: '{tls_client_subject}', docs: 'The client certificate\'s subject, RFC 4514 style (`CN=alice,O=Example`); empty without a client certificate.' },
  tls_client_issuer: { syntax: '{tls_client_issuer}', docs: 'The client certificate\'s issuer, RFC 4514 style.' },
  tls_client_serial: { syntax: '{tls_client_serial}', docs: 'The client certificate\'s serial number (hex, upper-case).' },
  tls_client_fingerprint: { syntax: '{tls_client_fingerprint}', docs: 'The SHA-256 fingerprint of the client certificate (hex, lower-case, no colons).' },
  tls_client_san_dns: { syntax: '{tls_client_san_dns}', docs: 'The DNS names in the client certificate\'s subjectAltName, comma-separated.' },
  tls_client_san_email: { syntax: '{tls_client_san_email}', docs: 'The email addresses in the client certificate\'s subjectAltName, comma-separated.' },
  tls_client_san_uri: { syntax: '{tls_client_san_uri}', docs: 'The URIs in the client certificate\'s subjectAltName (SPIFFE IDs, …), comma-separated.' },
  tls_client_san_ip: { syntax: '{tls_client_san_ip}', docs: 'The IP addresses in the client certificate\'s subjectAltName, comma-separated.' },
  tls_client_not_after: { syntax: '{tls_client_not_after}', docs: 'When the client certificate expires, ISO 8601 in UTC.' },
  tls_client_verified: { syntax: '{tls_client_verified}', docs: '`true` when the client certificate chains to a CA of `client_auth`\'s trust pool, else `false` (empty without one).' },
};

export const PREFIX_DOCS: { readonly [P in (typeof PLACEHOLDER_PREFIXES)[number]]: PlaceholderDoc } = {
  query: { syntax: '{query.NAME}', docs: 'The value of query parameter NAME (empty when absent).' },
  header: { syntax: '{header.NAME}', docs: 'The request header NAME (case-insensitive); several values are joined with `, `.' },
  cookie: { syntax: '{cookie.NAME}', docs: 'The value of cookie NAME, URL-decoded.' },
  path: { syntax: '{path.N}', docs: 'Path segment N: `{path.0}` is the first, `{path.-1}` the last.' },
  labels: { syntax: '{labels.N}', docs: 'Host label N counted from the right: `{labels.0}` is the top-level domain.' },
  vars: { syntax: '{vars.NAME}', docs: 'The variable NAME set by `vars`.' },
  re: { syntax: '{re.NAME.N}', docs: 'Capture group N (a number or a group name) of the regexp NAME of a named matcher in this site.' },
  err: { syntax: '{err.status}', docs: 'Inside `handle_errors`: the error\'s `{err.status}`, `{err.message}` or `{err.id}` (the request id).' },
};

/** The error fields after `err.` (as resolvePlaceholder accepts them). */
export const ERROR_FIELD_DOCS: { readonly [F in 'status' | 'message' | 'id']: PlaceholderDoc } = {
  status: { syntax: '{err.status}', docs: 'The HTTP status of the error (e.g. `502`).' },
  message: { syntax: '{err.message}', docs: 'The error message, or the status text when there is none.' },
  id: { syntax: '{err.id}', docs: 'The id of the failed request.' },
};
