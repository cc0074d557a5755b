/**
 * The plan: the only thing the compiler hands to the runtime.
 *
 * Invariant: plain JSON-able data (no functions, classes, Maps, undefined, RegExp objects), versioned,
 * content-hashed and deep-frozen. The runtime interprets it and never imports the compiler; the compiler
 * imports these types with `import type` only.
 *
 * Hash: sha256 (hex) of the canonical JSON (sorted keys) of the plan without its `hash` field and without any
 * `origin` field anywhere. `origin` only points back to source for `rws explain`, logs and errors, so
 * reformatting a file never changes the hash.
 */

export const PLAN_VERSION = 1 as const;

/** "file:line:col" of the source construct a plan node came from. Excluded from the hash. */
export type Origin = string;

export interface Plan {
  readonly version: typeof PLAN_VERSION;
  readonly hash: string;
  /** Absolute paths of every file read to build this plan (the Rwsfile, imports): what --watch watches. */
  readonly files: readonly string[];
  readonly global: GlobalPlan;
  /** Deduplicated matchers; routes and `not` matchers refer to them by index. Evaluated at most once per request (per URI). */
  readonly matchers: readonly MatcherPlan[];
  /** Upstream pools; reverse_proxy handlers (and splits, mirrors) refer to them by index. Every pool is referenced. */
  readonly pools: readonly UpstreamPoolPlan[];
  readonly listeners: readonly ListenerPlan[];
}

// ---------------------------------------------------------------------------------------------------------
// Global

export interface GlobalPlan {
  /** Admin endpoint; null when `admin off`. Loopback or unix socket only (the checker enforces it). */
  readonly admin: { readonly address: BindAddress; readonly origin: Origin } | null;
  /** Prometheus metrics endpoint; null when not configured. */
  readonly metrics: { readonly address: BindAddress; readonly path: string; readonly origin: Origin } | null;
  /** How long shutdown and reload wait for in-flight requests before closing connections. */
  readonly gracePeriodMs: number;
  /**
   * Cluster mode (`workers`): how many processes serve, `auto` = one per CPU where rws runs. Absent = 1 (a
   * single process, no primary). Read by the CLI, which starts runtime/cluster's primary when it is not 1.
   */
  readonly workers?: number | 'auto';
  /**
   * Proxies in front of rws whose forwarding headers are believed (`trusted_proxies`, `client_ip_headers`).
   * Absent = nobody's: {client_ip} is the TCP peer and X-Forwarded-* / Forwarded arriving from clients are
   * replaced, never extended.
   */
  readonly trustedProxies?: TrustedProxiesPlan;
  readonly limits: LimitsPlan;
  /** Level of rws's own process log (pino, JSON on stderr). */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export interface TrustedProxiesPlan {
  /** CIDR ranges (`address/prefix`) of the trusted proxies. */
  readonly ranges: readonly string[];
  /**
   * Request headers the client IP is read from when the TCP peer is trusted, first present wins. Lower-case;
   * default ['x-forwarded-for']. Lists are read right to left, skipping trusted addresses (the first untrusted
   * one is the client), so a client can't choose its IP by sending the header itself.
   */
  readonly headers: readonly string[];
}

export interface LimitsPlan {
  /** Node's maxHeaderSize: larger request heads get 431. */
  readonly maxHeaderBytes: number;
  /** Time allowed to receive the request head (slowloris defence): 408 after. */
  readonly headerTimeoutMs: number;
  /** Time allowed to receive the whole request: 408 after. 0 = no limit. */
  readonly requestTimeoutMs: number;
  /** Keep-alive idle timeout between requests on one connection. */
  readonly idleTimeoutMs: number;
  /** Default request body limit; null = unlimited. 413 when exceeded. */
  readonly maxBodyBytes: number | null;
}

export type BindAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

// ---------------------------------------------------------------------------------------------------------
// Listeners and sites

export interface ListenerPlan {
  /**
   * Identity across reloads: a listener whose key is unchanged keeps its socket and only swaps sites, hosts
   * and TLS contexts. Format: `${'http'|'https'}/${host}/${port}` (host '' = all interfaces).
   */
  readonly key: string;
  readonly bind: { readonly host: string; readonly port: number };
  readonly tls: ListenerTlsPlan | null;
  readonly hosts: HostTable;
  readonly sites: readonly SitePlan[];
}

/**
 * Host lookup, precomputed per listener. Lookup order: exact name, then a wildcard for the parent domain
 * (`*.example.com` matches exactly one extra label), then the catch-all. Names are lower-case, without port
 * and without a trailing dot. Values are indices into ListenerPlan.sites.
 */
export interface HostTable {
  readonly exact: Readonly<Record<string, number>>;
  /** Keyed by the parent domain: `*.example.com` is stored under "example.com". */
  readonly wildcard: Readonly<Record<string, number>>;
  readonly catchAll: number | null;
}

export interface ListenerTlsPlan {
  readonly certificates: readonly CertificatePlan[];
  /** Index into certificates used when the client sends no SNI or an unknown name; null = refuse the handshake. */
  readonly defaultCertificate: number | null;
  /** Handshake policies of this listener's sites, deduplicated (at least one). */
  readonly policies: readonly TlsPolicyPlan[];
  /** Policy of each site, parallel to ListenerPlan.sites: an SNI name gets the policy of the site the host table gives it. */
  readonly sitePolicies: readonly number[];
  /** Policy of each certificate (parallel to `certificates`): its secure context carries that policy's client CAs and CRLs. */
  readonly certificatePolicies: readonly number[];
  /** Policy for a handshake without SNI or with a name no site serves. */
  readonly defaultPolicy: number;
  /** A handshake whose SNI names no site: `default` = the default certificate and policy; `reject` = refused. No SNI always gets the default. */
  readonly unknownSni: 'default' | 'reject';
  /**
   * Misdirected-request check, per site (parallel to ListenerPlan.sites): its TLS identity (certificate and policy).
   * A request whose Host names a site of another identity than its connection's SNI is answered 421; -1 = the site
   * takes requests from any connection (`allow_sni_mismatch`). null = no check (one identity on the listener).
   */
  readonly sniIdentities: readonly number[] | null;
}

/** How a handshake is negotiated for the sites that share this policy. */
export interface TlsPolicyPlan {
  readonly minVersion: 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion: 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL names of TLS 1.2 and TLS 1.3 suites, server preference order. */
  readonly ciphers: readonly string[];
  /** ALPN protocols offered, in preference order. */
  readonly alpn: readonly ('h2' | 'http/1.1')[];
  /** Client certificates (mTLS); null = none asked for. */
  readonly clientAuth: ClientAuthPlan | null;
}

export interface ClientAuthPlan {
  /**
   * `require`: a certificate signed by a trusted CA (and not revoked) or no connection. `verify_if_given`: none is fine,
   * an unverifiable one is refused. `request`: asked for and passed on unverified (`{tls_client_verified}` tells).
   */
  readonly mode: 'require' | 'verify_if_given' | 'request';
  /** PEM CA bundles trusted for client certificates (empty only with `request`). */
  readonly caFiles: readonly string[];
  /** PEM certificate revocation lists checked for every client certificate. */
  readonly crlFiles: readonly string[];
  /** sha256 of the files' contents at compile time, so an updated CA bundle or CRL changes the plan hash. */
  readonly fingerprint: string;
}

/**
 * Where a certificate comes from. `files`: a PEM pair on disk, read at provision time. `acme` and `internal`:
 * managed certificates, obtained (from an ACME CA or rws's own local CA), stored and renewed by the runtime's
 * certificate manager, which outlives plans: a reload that keeps a managed certificate never orders it again.
 */
export type CertificatePlan = FileCertificatePlan | AcmeCertificatePlan | InternalCertificatePlan;

export interface FileCertificatePlan {
  readonly kind: 'files';
  /** SNI names served with this certificate (exact or `*.parent`), lower-case. */
  readonly names: readonly string[];
  readonly certFile: string;
  readonly keyFile: string;
  /** sha256 of the two files' contents at compile time, so a rotated certificate changes the plan hash. */
  readonly fingerprint: string;
  readonly origin: Origin;
}

/** What every managed certificate carries besides its issuer. */
export interface ManagedCertificateFields {
  /** Names on the certificate (exact or `*.parent`), lower-case; empty for an on-demand-only catch-all site. */
  readonly names: readonly string[];
  /** Obtain certificates at the first handshake for names not known in advance (gated by the ask endpoint). */
  readonly onDemand: OnDemandPlan | null;
  readonly storage: CertificateStoragePlan;
  /** Renew when this fraction of the lifetime is left (ACME Renewal Information, when offered, wins). */
  readonly renewWhenLeft: number;
  readonly origin: Origin;
}

export interface AcmeCertificatePlan extends ManagedCertificateFields {
  readonly kind: 'acme';
  readonly issuer: AcmeIssuerPlan;
}

export interface InternalCertificatePlan extends ManagedCertificateFields {
  readonly kind: 'internal';
  /** Lifetime of the leaf certificates the local CA signs. */
  readonly lifetimeMs: number;
}

/** Certificates, keys, account data and locks. `dir` null = `$XDG_DATA_HOME/rws` or `~/.local/share/rws`. */
export type CertificateStoragePlan = { readonly kind: 'file'; readonly dir: string | null };

export interface AcmeIssuerPlan {
  /** RFC 8555 directory URL. */
  readonly directory: string;
  readonly email: string | null;
  /** PEM file of a root to trust for the ACME server's own HTTPS (besides the system roots); null = system only. */
  readonly caRootFile: string | null;
  /** External account binding; null = none. */
  readonly eab: { readonly keyId: string; readonly macKey: string } | null;
  /** Challenge types rws may answer, in preference order. DNS-01 needs `dns`; wildcard names need DNS-01. */
  readonly challenges: readonly ('http-01' | 'tls-alpn-01' | 'dns-01')[];
  readonly dns: DnsHookPlan | null;
}

/** How the DNS-01 TXT record is set and cleared: a command (env RWS_ACME_ACTION/NAME/TXT) or a webhook (POSTed JSON). */
export type DnsHookPlan =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'webhook'; readonly url: string };

export interface OnDemandPlan {
  /** GET `${ask}?domain=<name>` must answer 2xx for a certificate to be obtained; null = any name (not recommended). */
  readonly ask: string | null;
  /** At most `burst` new certificates per `intervalMs` (token bucket), process-wide. */
  readonly intervalMs: number;
  readonly burst: number;
}

export interface SitePlan {
  /** The addresses as written, for logs, metrics labels and explain: "example.com, www.example.com". */
  readonly name: string;
  readonly origin: Origin;
  readonly scheme: 'http' | 'https';
  readonly routes: readonly RoutePlan[];
  /** From `handle_errors`; null = built-in plain-text error responses. */
  readonly errorRoutes: readonly RoutePlan[] | null;
  readonly accessLog: AccessLogPlan | null;
}

export interface AccessLogPlan {
  readonly output:
    | { readonly kind: 'stdout' }
    | { readonly kind: 'stderr' }
    | { readonly kind: 'discard' }
    | { readonly kind: 'file'; readonly path: string };
  readonly format: 'json' | 'console';
  readonly origin: Origin;
}

// ---------------------------------------------------------------------------------------------------------
// Routes and handlers
//
// A route list runs like Caddy's: routes in order; a route whose matchers all match runs its handlers as a
// middleware chain, whose final `next` continues with the following routes of the same list. A terminal
// handler (respond, redir, file_server, reverse_proxy, error, abort) does not call next. Within one list,
// once a route with a non-null `group` has run, later routes of the same group are skipped (that is how
// sibling `handle` blocks are mutually exclusive). If nothing writes a response, the site answers 404.

export interface RoutePlan {
  /** Indices into Plan.matchers, ANDed. Empty = matches every request. */
  readonly match: readonly number[];
  readonly group: string | null;
  readonly handlers: readonly HandlerPlan[];
  readonly origin: Origin;
}

/** Request phases, in the order the compiler sorts site-level directives. See ARCHITECTURE.md. */
export type Phase = 'context' | 'headers' | 'redirect' | 'rewrite' | 'guard' | 'encode' | 'group' | 'respond';
export const PHASES: readonly Phase[] = ['context', 'headers', 'redirect', 'rewrite', 'guard', 'encode', 'group', 'respond'];

export type HandlerPlan =
  | RespondHandler
  | RedirHandler
  | RewriteHandler
  | UriHandler
  | HeadersHandler
  | RootHandler
  | VarsHandler
  | FileServerHandler
  | TryFilesHandler
  | EncodeHandler
  | ReverseProxyHandler
  | SubrouteHandler
  | ErrorHandler
  | AbortHandler
  | RequestBodyHandler;

export interface RespondHandler {
  readonly kind: 'respond';
  readonly status: number;
  readonly body: Template | null;
  readonly headers: readonly HeaderOp[];
  /** Close the connection after responding. */
  readonly close: boolean;
}

export interface RedirHandler {
  readonly kind: 'redir';
  readonly to: Template;
  /** 301, 302, 303, 307, 308; or 0 for an HTML page with a meta refresh ("html"). */
  readonly status: number;
}

/** Internal rewrite of path and/or query. If the template's result contains "?", the query is replaced too. */
export interface RewriteHandler {
  readonly kind: 'rewrite';
  readonly to: Template;
}

export interface UriHandler {
  readonly kind: 'uri';
  readonly op:
    | { readonly kind: 'strip_prefix'; readonly prefix: string }
    | { readonly kind: 'strip_suffix'; readonly suffix: string }
    | { readonly kind: 'replace'; readonly find: string; readonly replace: string; readonly limit: number }
    | { readonly kind: 'path_regexp'; readonly pattern: string; readonly replace: string };
}

/** `header` directive. Request ops apply immediately; response ops apply when the response head is written. */
export interface HeadersHandler {
  readonly kind: 'headers';
  readonly request: readonly HeaderOp[];
  readonly response: readonly HeaderOp[];
}

export type HeaderOp =
  /** Replace (or create) the header. Name is lower-case. */
  | { readonly op: 'set'; readonly name: string; readonly value: Template }
  /** Append another value. */
  | { readonly op: 'add'; readonly name: string; readonly value: Template }
  /** Set only if absent (Caddy's `?Name`). */
  | { readonly op: 'default'; readonly name: string; readonly value: Template }
  /** Remove; a trailing `*` in name removes every header with that prefix. */
  | { readonly op: 'delete'; readonly name: string }
  /** Substring/regexp replace in existing values. */
  | { readonly op: 'replace'; readonly name: string; readonly pattern: string; readonly replace: Template };

export interface RootHandler {
  readonly kind: 'root';
  readonly path: Template;
}

export interface VarsHandler {
  readonly kind: 'vars';
  readonly vars: Readonly<Record<string, Template>>;
}

export interface FileServerHandler {
  readonly kind: 'file_server';
  /** null = use the request's root (from `root`), else the current working directory. */
  readonly root: Template | null;
  readonly index: readonly string[];
  readonly browse: boolean;
  /** Precompressed sibling files to look for, in preference order. */
  readonly precompressed: readonly ('br' | 'zstd' | 'gzip')[];
  /** Path globs (relative to root or absolute) never served; dotfiles are hidden unless listed in `allowDotfiles`. */
  readonly hide: readonly string[];
  /** When the file is not found, call next instead of answering 404. */
  readonly passThru: boolean;
  /** Status to answer with instead of 200 (e.g. to serve an error page). null = normal. */
  readonly status: number | null;
}

/** Rewrite to the first candidate that exists under root (files, or dirs ending in "/"); else the last candidate if it is not a path (e.g. "=404"). */
export interface TryFilesHandler {
  readonly kind: 'try_files';
  readonly root: Template | null;
  readonly candidates: readonly Template[];
  /** When no candidate exists: rewrite to `fallback` (a URI), or answer `status`, or do nothing. */
  readonly fallback: { readonly kind: 'status'; readonly status: number } | null;
}

export interface EncodeHandler {
  readonly kind: 'encode';
  /** In server preference order; the client's Accept-Encoding q-values win, ties by this order. */
  readonly encodings: readonly ('zstd' | 'br' | 'gzip')[];
  readonly minLength: number;
  /** Media type patterns (`text/*`, `application/json`); empty = a built-in list of compressible types. */
  readonly types: readonly string[];
}

/**
 * Forward the request to an upstream pool. Exactly one of `pool` and `split` is non-null. Everything about the
 * set of upstreams (balancing, transport, timeouts, retries, health) lives in the pool; the handler keeps only
 * what is per request: header edits, the Host sent upstream and flushing.
 */
export interface ReverseProxyHandler {
  readonly kind: 'reverse_proxy';
  /** Index into Plan.pools; null when `split` chooses the pool per request. */
  readonly pool: number | null;
  readonly split: TrafficSplitPlan | null;
  /** Shadow a share of requests to another pool; null = off. */
  readonly mirror: MirrorPlan | null;
  readonly headersUp: readonly HeaderOp[];
  readonly headersDown: readonly HeaderOp[];
  /** Rewrite the Host header sent upstream; null = pass the client's Host. */
  readonly hostHeader: Template | null;
  /** -1 = flush every write immediately (also automatic for text/event-stream). */
  readonly flushIntervalMs: number;
}

export interface UpstreamPlan {
  /** "http://127.0.0.1:3000" or "https://backend.internal:8443" (origin only, no path). */
  readonly url: string;
  readonly weight: number;
  readonly origin: Origin;
}

/** route / handle / handle_path: a nested route list. */
export interface SubrouteHandler {
  readonly kind: 'subroute';
  readonly routes: readonly RoutePlan[];
}

/** Raise an error handled by `handle_errors` (or the built-in error page). */
export interface ErrorHandler {
  readonly kind: 'error';
  readonly status: number;
  readonly message: Template;
}

/** Close the connection without a response. */
export interface AbortHandler {
  readonly kind: 'abort';
}

export interface RequestBodyHandler {
  readonly kind: 'request_body';
  readonly maxBytes: number;
}

// ---------------------------------------------------------------------------------------------------------
// Matchers

export type MatcherPlan =
  /** OR of patterns, against the normalised, percent-decoded path. */
  | { readonly kind: 'path'; readonly patterns: readonly PathPattern[] }
  /** `name` is the placeholder prefix for captures: {re.NAME.1}, {re.NAME.group}. */
  | { readonly kind: 'path_regexp'; readonly name: string; readonly pattern: string; readonly flags: string }
  /** OR of hosts; `*.example.com` patterns allowed. Lower-case. */
  | { readonly kind: 'host'; readonly exact: readonly string[]; readonly wildcard: readonly string[] }
  | { readonly kind: 'method'; readonly methods: readonly string[] }
  /** Header present (values null) or any value matching one of the value patterns (`*` prefix/suffix globs). Name lower-case. Negated with `!` at the binder into a `not`. */
  | { readonly kind: 'header'; readonly name: string; readonly values: readonly string[] | null }
  | { readonly kind: 'header_regexp'; readonly name: string; readonly headerName: string; readonly pattern: string; readonly flags: string }
  /** AND over keys; each key matches if any of its values match (`*` = present). */
  | { readonly kind: 'query'; readonly params: Readonly<Record<string, readonly string[]>> }
  /** Client address (the TCP peer) within any of the CIDR ranges. */
  | { readonly kind: 'remote_ip'; readonly ranges: readonly string[] }
  /** The client IP after trusted-proxy resolution ({client_ip}) within any of the CIDR ranges. */
  | { readonly kind: 'client_ip'; readonly ranges: readonly string[] }
  | { readonly kind: 'protocol'; readonly protocol: 'http' | 'https' | 'http/1.1' | 'http/2' }
  /** NOT (AND of the referenced matchers). */
  | { readonly kind: 'not'; readonly all: readonly number[] }
  /** `expression`-free escape hatch: OR of AND-groups, used when a named matcher has several `not` blocks etc. */
  | { readonly kind: 'any'; readonly groups: readonly (readonly number[])[] };

export type PathPattern =
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'prefix'; readonly value: string }
  | { readonly kind: 'suffix'; readonly value: string }
  /** Any other glob, compiled by the compiler to an anchored regexp source. */
  | { readonly kind: 'regexp'; readonly source: string };

// ---------------------------------------------------------------------------------------------------------
// Templates and placeholders: resolved to accessors when the plan is built, never by string search per request.

/** Literal strings and placeholder references, concatenated. */
export type Template = readonly (string | PlaceholderRef)[];

export type PlaceholderRef =
  | { readonly ph: 'request'; readonly field: RequestField }
  | { readonly ph: 'query'; readonly name: string }
  /** Lower-case header name; several values joined with ", ". */
  | { readonly ph: 'header'; readonly name: string }
  | { readonly ph: 'cookie'; readonly name: string }
  /** Path segment by index (0-based; negative counts from the end): {path.0}. */
  | { readonly ph: 'segment'; readonly index: number }
  /** Host label by index from the right (0 = TLD): {labels.1}. */
  | { readonly ph: 'label'; readonly index: number }
  /** Regexp capture from matcher `matcher` (an index into Plan.matchers): group number or name. */
  | { readonly ph: 'capture'; readonly matcher: number; readonly group: number | string }
  | { readonly ph: 'var'; readonly name: string }
  | { readonly ph: 'error'; readonly field: 'status' | 'message' | 'id' };

export type RequestField =
  | 'host'
  | 'hostport'
  | 'port'
  | 'method'
  | 'scheme'
  | 'proto'
  | 'uri'
  | 'path'
  | 'dir'
  | 'file'
  | 'query'
  | 'orig_uri'
  | 'remote'
  | 'remote_ip'
  /** The client's IP: from X-Forwarded-For (or the configured headers) when the TCP peer is a trusted proxy, else the peer. */
  | 'client_ip'
  | 'remote_port'
  | 'request_id'
  | 'time'
  | 'time_unix'
  /** The id of the serving process (with `workers`: the worker's). */
  | 'pid'
  | 'root'
  | 'site'
  | TlsField;

/** TLS details of the request's connection (empty over plain HTTP); `tls_client_*` describe the client certificate (empty without one). */
export type TlsField =
  | 'tls_version'
  | 'tls_cipher'
  | 'tls_server_name'
  | 'tls_client_subject'
  | 'tls_client_issuer'
  | 'tls_client_serial'
  | 'tls_client_fingerprint'
  | 'tls_client_san_dns'
  | 'tls_client_san_email'
  | 'tls_client_san_uri'
  | 'tls_client_san_ip'
  | 'tls_client_not_after'
  | 'tls_client_verified';

// ---------------------------------------------------------------------------------------------------------
// Upstream pools (issue 3 contract). A pool is a set of upstreams with its own balancing, transport, health,
// circuit breaking, retry and timeout settings. Named pools come from `upstream NAME { … }` in the global
// options block; every inline `reverse_proxy host:port …` gets an anonymous pool of its own. Handlers refer
// to pools by index into `Plan.pools`. The runtime keeps a pool's live state (connections, health, ejections, breaker counts)
// across a reload when the pool's canonical JSON without `origin` is unchanged.

export interface UpstreamPoolPlan {
  /** The user's name (`upstream api { }`), or a generated one for inline pools: `<site name>/<n>`. Unique. Used as a metrics label and in `rws upstreams`. */
  readonly name: string;
  /** Static upstreams. May be empty when `dynamic` is set. */
  readonly upstreams: readonly UpstreamPlan[];
  /** Upstreams re-resolved from DNS on an interval (added to the static ones); null = static only. */
  readonly dynamic: DynamicUpstreamsPlan | null;
  readonly lb: LbPolicyPlan;
  /** Sticky sessions by signed cookie; null = off. */
  readonly sticky: StickyPlan | null;
  readonly transport: UpstreamTransportPlan;
  readonly timeouts: ProxyTimeoutsPlan;
  readonly retry: RetryPlan;
  /** Active health checks; null = off. */
  readonly health: ActiveHealthPlan | null;
  /** Passive health checks / outlier detection; null = off. */
  readonly outlier: OutlierPlan | null;
  /** Circuit breaking; null = no limits. */
  readonly breaker: CircuitBreakerPlan | null;
  readonly origin: Origin;
}

/**
 * `resolvers`: DNS servers (`ip` or `ip:port`) asked instead of the system's; empty = the system resolver
 * (getaddrinfo for A/AAAA, so /etc/hosts counts; the configured name servers for SRV).
 */
export type DynamicUpstreamsPlan =
  /** A/AAAA lookup of `name`; each address becomes an upstream `scheme://addr:port`. */
  | { readonly kind: 'a'; readonly name: string; readonly port: number; readonly scheme: 'http' | 'https'; readonly refreshMs: number; readonly versions: readonly (4 | 6)[]; readonly resolvers: readonly string[] }
  /**
   * SRV lookup (`_service._proto.name`); targets and ports from the records of the lowest priority, weights
   * from SRV weight. Targets stay host names in the upstream URLs (resolved when connecting; SNI for https).
   */
  | { readonly kind: 'srv'; readonly name: string; readonly scheme: 'http' | 'https'; readonly refreshMs: number; readonly resolvers: readonly string[] };

export type LbPolicyPlan =
  /** Smooth weighted round robin (nginx's); plain rotation when all weights are equal. */
  | { readonly kind: 'round_robin' }
  | { readonly kind: 'random' }
  /** The first available upstream in list order (failover). */
  | { readonly kind: 'first' }
  | { readonly kind: 'least_conn' }
  /** Power of two random choices, by requests in flight. */
  | { readonly kind: 'p2c' }
  /** Client IP (after trusted-proxy resolution) hashed; rendezvous hashing so removing one upstream moves only its clients. */
  | { readonly kind: 'ip_hash' }
  /** Consistent hashing on a request property; `key` is the header / cookie / query parameter name ('' for uri). */
  | { readonly kind: 'hash'; readonly source: 'header' | 'cookie' | 'query' | 'uri'; readonly key: string };

export interface StickyPlan {
  /** Cookie name holding the signed upstream id. */
  readonly cookie: string;
  /** HMAC secret; null = a random secret per process start (stickiness lasts until restart). */
  readonly secret: string | null;
  /** Cookie Max-Age in seconds; null = session cookie. */
  readonly maxAgeSec: number | null;
}

export interface UpstreamTransportPlan {
  /** 'http1' = HTTP/1.1 keep-alive pool; 'h2c' = HTTP/2 prior knowledge over TCP; 'h2' = HTTP/2 over TLS (ALPN), falls back to HTTP/1.1. */
  readonly protocol: 'http1' | 'h2c' | 'h2';
  /** TLS settings for https:// upstreams; null = defaults (system CAs, SNI = upstream host name, verify on). */
  readonly tls: UpstreamTlsPlan | null;
  /** Send a PROXY protocol header on each new upstream connection; null = off. */
  readonly proxyProtocol: 'v1' | 'v2' | null;
  readonly keepAliveTimeoutMs: number;
  /** Max connections per upstream; null = unlimited. */
  readonly maxConnsPerUpstream: number | null;
}

export interface UpstreamTlsPlan {
  /** PEM CA bundle files to trust instead of the system store; empty = system store. */
  readonly caFiles: readonly string[];
  /** SNI / certificate name to use; null = the upstream's host name. */
  readonly serverName: string | null;
  /** Skip certificate verification (only when the user asks: `tls_insecure_skip_verify`). */
  readonly insecureSkipVerify: boolean;
  /** Client certificate for mTLS to the upstream; null = none. */
  readonly clientCert: { readonly certFile: string; readonly keyFile: string } | null;
  /** sha256 of the CA and client certificate files at compile time ('' when none): a rotated file changes the plan hash. */
  readonly fingerprint: string;
}

export interface ProxyTimeoutsPlan {
  readonly dialMs: number;
  /** From request sent to response head received: 504 after. */
  readonly responseHeaderMs: number;
  /** Max idle time between reads of the upstream response body. */
  readonly readMs: number;
  /** Whole exchange including retries; 0 = no limit. 504 after (if nothing was sent yet). */
  readonly totalMs: number;
}

export interface RetryPlan {
  /** Extra tries after the first (0 = none). Each goes to a different upstream where possible. */
  readonly tries: number;
  /** Stop retrying once this much time has passed since the first try; 0 = no limit. */
  readonly tryDurationMs: number;
  /** Pause between tries. */
  readonly intervalMs: number;
  /** Retry on these response statuses too (idempotent requests only; the response is discarded). */
  readonly statuses: readonly number[];
  /** Retry on a response-header timeout (idempotent requests only). */
  readonly onTimeout: boolean;
  /** Retry budget: retries may add at most `ratio` (0..1) of the pool's recent request rate, plus `minPerSec`. */
  readonly budget: { readonly ratio: number; readonly minPerSec: number };
}

export interface ActiveHealthPlan {
  /** Path (and query) requested on each upstream. */
  readonly uri: string;
  readonly method: 'GET' | 'HEAD';
  /** Port to probe instead of the upstream's own; null = same. */
  readonly port: number | null;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Healthy when the status is within [statusMin, statusMax] (default 200–399)… */
  readonly statusMin: number;
  readonly statusMax: number;
  /** …and, when set, the body matches this regexp source. */
  readonly bodyPattern: string | null;
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** Consecutive passes to come back into rotation / failures to leave it. */
  readonly passes: number;
  readonly fails: number;
}

export interface OutlierPlan {
  /** Eject after this many consecutive failures (connect errors, timeouts, or a status in `failureStatuses`). */
  readonly consecutiveFailures: number;
  readonly failureStatuses: readonly number[];
  /** Failures are counted within this window; 0 = consecutive only. */
  readonly windowMs: number;
  /** First ejection lasts this long; each further ejection of the same upstream doubles it, up to maxEjectionMs. */
  readonly baseEjectionMs: number;
  readonly maxEjectionMs: number;
  /** Never eject more than this percentage of the pool's upstreams at once. */
  readonly maxEjectionPercent: number;
  /** A response head slower than this (from dispatch) counts as a failure too; 0 = latency is not judged. */
  readonly maxLatencyMs: number;
}

export interface CircuitBreakerPlan {
  /** Max open connections per upstream across the pool; null = no limit. */
  readonly maxConnections: number | null;
  /** Max requests waiting for a connection; null = no limit. */
  readonly maxPending: number | null;
  /** Max concurrent requests to the pool; null = no limit. */
  readonly maxRequests: number | null;
  /** `Retry-After` seconds sent with the 503 when tripped. */
  readonly retryAfterSec: number;
}

/** Weighted traffic splitting between pools (canary); on ReverseProxyHandler. */
export interface TrafficSplitPlan {
  /** Index into Plan.pools and a weight; weights need not sum to 100. */
  readonly targets: readonly { readonly pool: number; readonly weight: number }[];
  /** A request header whose value names a pool forces that pool (e.g. `X-Canary: api_v2`); null = none. */
  readonly overrideHeader: string | null;
  /** Same with a cookie; null = none. */
  readonly overrideCookie: string | null;
  /** Keep each client on the pool it first got, by a cookie of this name; null = not sticky. */
  readonly stickyCookie: string | null;
}

/** Shadow traffic: a copy of a share of requests goes to another pool; its response is discarded. */
export interface MirrorPlan {
  readonly pool: number;
  /** 0..100. */
  readonly percent: number;
}
