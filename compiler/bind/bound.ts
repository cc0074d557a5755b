/**
 * The bound configuration (typed IR): sites with their addresses resolved to listeners, routes already in plan
 * shape, the interned matcher table, and what the checks need to point back at the source.
 *
 * Invariant: route lists are in execution order (site level sorted by phase); every RoutePlan the binder made
 * has a RouteInfo in `routeInfo`.
 */
import type { AccessLogPlan, GlobalPlan, MatcherPlan, Phase, RoutePlan } from '../../runtime/plan/plan.ts';
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ExpandedDocument } from '../expand/expanded.ts';
import type { SourceFile } from '../syntax/ast.ts';

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

export interface TlsSetting {
  readonly certFile: string;
  readonly keyFile: string;
  readonly fingerprint: string;
  readonly span: Span;
  readonly origin: string;
}

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
  readonly tlsMinVersion: 'TLSv1.2' | 'TLSv1.3' | null;
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
}

export interface BoundConfig {
  readonly files: readonly SourceFile[];
  readonly document: ExpandedDocument;
  readonly global: BoundGlobal;
  readonly sites: readonly BoundSite[];
  readonly matchers: readonly MatcherPlan[];
  readonly namedMatchers: readonly NamedMatcherInfo[];
  readonly routeInfo: ReadonlyMap<RoutePlan, RouteInfo>;
}
