/**
 * The directive registry contract. Each directive (and global option) is defined once, as data plus small
 * hooks: its docs, where it may appear, its phase, its argument and block schema in shared value types, and
 * its bind hook that turns syntax into plan fragments. The binder, the checker, `rws explain`, the language
 * server (completion, hover, signature help), the TextMate grammar and the reference docs all read this one
 * definition.
 *
 * Invariant: nothing outside compiler/directives/ knows what a particular directive means; the pipeline
 * only knows the kinds below. The registry itself is a literal list (compiler/directives/index.ts).
 */
import type {
  AccessLogPlan,
  BindAddress,
  ClientAuthPlan,
  HandlerPlan,
  LimitsPlan,
  MatcherPlan,
  Origin,
  Phase,
  RoutePlan,
  Template,
  UpstreamPoolPlan,
} from '../../runtime/plan/plan.ts';
import type { CertAutomation, ManagedTlsRequest } from '../bind/cert-automation.ts';
import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { Fix, Note, Span } from '../diagnostics/diagnostic.ts';
import type { Arg, Block, Line } from '../syntax/ast.ts';

/** Where a directive may be written. `route` = inside route / handle / handle_path / handle_errors blocks. */
export type Scope = 'global' | 'site' | 'route';

/** Shared value types for arguments; each has one parser in compiler/values/ and one completion/hover story. */
export type ValueType =
  | { readonly kind: 'string' }
  /** A string with placeholders, compiled to a Template. */
  | { readonly kind: 'template' }
  /** A file system path (relative = relative to the Rwsfile's folder); may hold placeholders. */
  | { readonly kind: 'path' }
  /** 500ms, 10s, 1m30s, 2h, 1d */
  | { readonly kind: 'duration' }
  /** 512, 64KB, 10MiB, 1GB */
  | { readonly kind: 'size' }
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  /** 100-599 */
  | { readonly kind: 'status' }
  /** host:port, :port, [::1]:port, unix//path */
  | { readonly kind: 'address' }
  /** An upstream: host:port, http://host:port, https://host:port */
  | { readonly kind: 'upstream' }
  | { readonly kind: 'url' }
  | { readonly kind: 'regexp' }
  | { readonly kind: 'cidr' }
  | { readonly kind: 'header-name' }
  | { readonly kind: 'mime' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'bool' };

export interface ArgSpec {
  readonly name: string;
  readonly type: ValueType;
  readonly docs: string;
  readonly optional?: boolean;
  /** Takes all remaining arguments (one or more, or zero or more if also optional). */
  readonly variadic?: boolean;
}

export interface SubdirectiveSpec {
  readonly name: string;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  /** May appear more than once in the block. */
  readonly repeatable?: boolean;
  /** Nested subdirectives (e.g. reverse_proxy's `transport http { ... }`). */
  readonly block?: readonly SubdirectiveSpec[];
}

export type BlockSpec =
  /** A block of subdirectives with a schema: unknown ones are reported with a did-you-mean. */
  | { readonly kind: 'subdirectives'; readonly subdirectives: readonly SubdirectiveSpec[]; readonly required?: boolean }
  /** A nested route list of directives in `route` scope (route, handle, handle_path, handle_errors). */
  | { readonly kind: 'routes' }
  /** Matcher definitions (a named matcher's block, `not { }`). */
  | { readonly kind: 'matchers' };

/** What bind hooks see: one directive line, env-expanded, snippets imported, with its matcher split off. */
export interface DirectiveNode {
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole line (for diagnostics that cover it). */
  readonly line: Line;
  /** Arguments after the name and after the matcher token, if the directive accepts one. */
  readonly args: readonly Arg[];
  readonly block: Block | null;
}

export interface ReportOptions {
  readonly notes?: readonly Note[];
  readonly hint?: string;
  readonly fix?: Fix;
}

/** Diagnostics sink. Severity comes from the code's table entry unless `warn` is used. */
export interface Reporter {
  error(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void;
  warn(code: DiagnosticCode, message: string, span: Span, options?: ReportOptions): void;
}

/** What a bind hook may use. Implemented by the binder (compiler/bind/). */
export interface BindContext extends Reporter {
  /** Folder of the file the directive was written in: relative paths resolve against it. */
  readonly baseDir: string;
  /** The scope this directive appears in. */
  readonly scope: Scope;
  /** Parse placeholders; unknown placeholders and placeholders not available here are reported. */
  template(arg: Arg): Template | null;
  /** Like template(), resolving a relative leading path against baseDir. */
  path(arg: Arg): Template | null;
  /** "file:line:col" of a span, for the `origin` fields of plan nodes a directive builds (upstreams, access logs). */
  origin(span: Span): Origin;
  /** Intern a matcher structure (structurally identical matchers share one index). */
  matcher(m: MatcherPlan): number;
  /** Bind a nested route list (for directives whose block is `routes`). */
  routes(block: Block): RoutePlan[];
  /**
   * Add an anonymous upstream pool (inline `reverse_proxy host:port …`) to the plan; returns its index in
   * Plan.pools. It is named `<site name>/<n>`.
   */
  addPool(pool: Omit<UpstreamPoolPlan, 'name'>): number;
  /**
   * The index in Plan.pools of the pool declared as `upstream NAME { … }`, marking it used; undefined when no
   * pool has that name. `peek` only looks (no use recorded): for settings that read another pool's upstreams.
   */
  usePool(name: string): number | undefined;
  peekPool(name: string): UpstreamPoolPlan | undefined;
  /** Names of the declared pools, also those whose settings were invalid (peekPool: undefined). */
  poolNames(): readonly string[];
  /**
   * Check a block against a subdirective schema: unknown names (with did-you-mean), argument counts and
   * repeats are reported here. Returns the lines grouped by subdirective name, in source order.
   */
  subdirectives(block: Block, spec: readonly SubdirectiveSpec[]): ReadonlyMap<string, readonly Line[]>;
}

/** What a directive produces. */
export type DirectiveOutput =
  /** Handlers that run in the directive's phase, guarded by the directive's matcher. */
  | { readonly kind: 'handlers'; readonly handlers: readonly HandlerPlan[] }
  /** Site-level settings (tls, log, bind, handle_errors). */
  | { readonly kind: 'site'; readonly option: SiteOption }
  /** Several site settings from one directive (`tls cert key { min_version tls1.3 }`: tls and tls_policy). */
  | { readonly kind: 'site_options'; readonly options: readonly SiteOption[] }
  /** Global options (from the `{ }` block at the top of the file). */
  | { readonly kind: 'global'; readonly option: GlobalOption };

export type SiteOption =
  | { readonly kind: 'tls'; readonly certFile: string; readonly keyFile: string; readonly fingerprint: string; readonly span: Span }
  /** `tls` without certificate files: a managed certificate (`tls internal`, `tls <email>`, `tls { issuer … dns … on_demand }`). */
  | { readonly kind: 'tls_managed'; readonly request: ManagedTlsRequest; readonly span: Span }
  /** The handshake policy from a `tls { }` block (versions, ciphers, ALPN, client_auth, allow_sni_mismatch, hsts). */
  | { readonly kind: 'tls_policy'; readonly policy: TlsPolicySetting }
  | { readonly kind: 'log'; readonly log: AccessLogPlan }
  | { readonly kind: 'bind'; readonly hosts: readonly string[] }
  | { readonly kind: 'error_routes'; readonly routes: readonly RoutePlan[] };

/** A site's `tls { }` handshake settings; null fields take the defaults. */
export interface TlsPolicySetting {
  readonly minVersion: 'TLSv1.2' | 'TLSv1.3' | null;
  readonly maxVersion: 'TLSv1.2' | 'TLSv1.3' | null;
  /** OpenSSL names, preference order. */
  readonly ciphers: readonly string[] | null;
  readonly alpn: readonly ('h2' | 'http/1.1')[] | null;
  readonly clientAuth: ClientAuthPlan | null;
  readonly allowSniMismatch: boolean;
  /** The Strict-Transport-Security value sent on the site's HTTPS responses; null = none. */
  readonly hsts: string | null;
}

export type GlobalOption =
  | { readonly kind: 'admin'; readonly address: BindAddress | null }
  | { readonly kind: 'workers'; readonly count: number | 'auto' }
  | { readonly kind: 'metrics'; readonly address: BindAddress; readonly path: string }
  | { readonly kind: 'grace_period'; readonly ms: number }
  | { readonly kind: 'limits'; readonly limits: Partial<LimitsPlan> }
  | { readonly kind: 'log_level'; readonly level: 'debug' | 'info' | 'warn' | 'error' }
  | { readonly kind: 'http_port'; readonly port: number }
  | { readonly kind: 'https_port'; readonly port: number }
  | { readonly kind: 'default_bind'; readonly hosts: readonly string[] }
  /** The site whose certificate and policy a handshake without SNI (or with an unknown name) gets. */
  | { readonly kind: 'default_sni'; readonly name: string }
  | { readonly kind: 'unknown_sni'; readonly mode: 'default' | 'reject' }
  | { readonly kind: 'trusted_proxies'; readonly ranges: readonly string[] }
  | { readonly kind: 'client_ip_headers'; readonly headers: readonly string[] }
  /** Certificate settings (`email`, `acme_ca`, `on_demand_tls`, `storage`, `auto_https`, …): merged key by key. */
  | { readonly kind: 'certificates'; readonly settings: Partial<CertAutomation> }
  /** `upstream NAME { … }`: a named upstream pool (several allowed, one per name). */
  /** `pool` null: the settings were invalid (reported); the name is still declared so uses are not reported again. */
  | { readonly kind: 'upstream'; readonly name: string; readonly nameSpan: Span; readonly pool: Omit<UpstreamPoolPlan, 'name'> | null };

export interface DirectiveSpec {
  readonly name: string;
  /** One line, shown in completion lists. */
  readonly summary: string;
  /** Markdown: what it does, the syntax, each argument; shown on hover and in docs/directives.md. */
  readonly docs: string;
  /** Complete, valid snippets (each is compiled by a test). */
  readonly examples: readonly string[];
  readonly scopes: readonly Scope[];
  /** The request phase its handlers run in (site level); null for site/global options. */
  readonly phase: Phase | null;
  /** Accepts a matcher (`@name`, or an inline path starting with `/` or `*`) as its first argument. */
  readonly matcher: boolean;
  /** Ends request handling when its matcher matches (respond, redir, file_server, reverse_proxy, …): used to find shadowed routes. */
  readonly terminal: boolean;
  /**
   * Sibling routes with the same group are mutually exclusive: once one has run, later ones in the same list are
   * skipped (RoutePlan.group; `handle` and `handle_path` use 'handle'). Absent = no group.
   */
  readonly group?: string;
  readonly args: readonly ArgSpec[];
  readonly block: BlockSpec | null;
  /** Diagnostic codes this directive's bind hook may report (documented with it). */
  readonly codes?: readonly DiagnosticCode[];
  /** Turn the syntax into plan fragments; report problems through ctx and return null when unusable. */
  bind(node: DirectiveNode, ctx: BindContext): DirectiveOutput | null;
}
