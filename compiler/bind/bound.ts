/**
 * The bound configuration (typed IR): sites with their addresses resolved to listeners, routes already in plan
 * shape, the interned matcher table, and what the checks need to point back at the source.
 *
 * Invariant: route lists are in execution order (site level sorted by phase); every RoutePlan the binder made
 * has a RouteInfo in `routeInfo`.
 */
import type { AccessLogPlan, GlobalPlan, MatcherPlan, Phase, RoutePlan, UpstreamPoolPlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedDocument } from '../expand/expanded.ts';
import type { TlsPolicySetting } from '../registry/directive.ts';
import type { SourceFile } from '../syntax/ast.ts';
import type { CertAutomation, ManagedSource } from './cert-automation.ts';
import type { DeclaredPool } from './pool-table.ts';

export interface RouteInfo {
  /** The directive's name (`respond`, `handle`, …). */
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span;
  /** From the spec: the directive ends request handling when it runs. */
  readonly terminal: boolean;
  readonly phase: Phase | null;
  readonly via: readonly Span[];
}

/** A site address as written, parsed. */
export interface SiteAddress {
  readonly text: string;
  readonly span: Span;
  readonly scheme: 'http' | 'https' | null;
  /** Lower-case host (IPv6 without brackets), `*.parent` for a wildcard, or null for any host. */
  readonly host: string | null;
  readonly port: number | null;
}

/** Where a site address listens: one per address and bind host. */
export interface Endpoint {
  /** `${scheme}/${bindHost}/${port}`. */
  readonly listenerKey: string;
  readonly scheme: 'http' | 'https';
  readonly bindHost: string;
  readonly port: number;
  readonly host: string | null;
  readonly address: SiteAddress;
}

/** A site's certificate: files from `tls cert key`, or managed (automatic HTTPS, `tls internal`, `tls <email>`, `tls { … }`). */
export type TlsSetting =
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string; readonly fingerprint: string; readonly span: Span; readonly origin: string }
  | (ManagedSource & { readonly span: Span });

export interface BoundSite {
  /** The addresses as written, joined with ", ". */
  readonly name: string;
  readonly span: Span;
  readonly origin: string;
  readonly via: readonly Span[];
  readonly addresses: readonly SiteAddress[];
  readonly endpoints: readonly Endpoint[];
  readonly routes: readonly RoutePlan[];
  readonly errorRoutes: readonly RoutePlan[] | null;
  readonly tls: TlsSetting | null;
  /** Handshake settings from `tls { }`; null = the defaults. */
  readonly tlsPolicy: TlsPolicySetting | null;
  readonly accessLog: AccessLogPlan | null;
}

export interface NamedMatcherInfo {
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole definition (all its lines). */
  readonly span: Span;
  readonly via: readonly Span[];
  readonly used: boolean;
}

export interface BoundGlobal {
  readonly plan: GlobalPlan;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly defaultBind: readonly string[] | null;
  /** Global certificate settings (ACME CA, email, storage, on-demand TLS, auto_https). */
  readonly certificates: CertAutomation;
  /** `default_sni`: the name whose site's certificate and policy handshakes without SNI (or with an unknown name) get; null = the first site. */
  readonly defaultSni: string | null;
  /** `unknown_sni`: what a handshake naming no site gets. */
  readonly unknownSni: 'default' | 'reject';
}

export interface BoundConfig {
  readonly files: readonly SourceFile[];
  readonly document: ExpandedDocument;
  readonly global: BoundGlobal;
  readonly sites: readonly BoundSite[];
  readonly matchers: readonly MatcherPlan[];
  /** Plan.pools: inline pools and the named pools something refers to. */
  readonly pools: readonly UpstreamPoolPlan[];
  /** Every `upstream NAME { }` declaration, used or not (index null = unused). */
  readonly declaredPools: readonly DeclaredPool[];
  readonly namedMatchers: readonly NamedMatcherInfo[];
  readonly routeInfo: ReadonlyMap<RoutePlan, RouteInfo>;
}
