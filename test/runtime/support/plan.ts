/**
 * Hand-built plans for runtime tests: a minimal valid Plan around the sites and matchers a test needs.
 * The hash can be any string; tests that reload bump it.
 */
import type {
  GlobalPlan,
  HandlerPlan,
  HostTable,
  ListenerPlan,
  CertificatePlan,
  ListenerTlsPlan,
  TlsPolicyPlan,
  MatcherPlan,
  Plan,
  ReverseProxyHandler,
  RoutePlan,
  SitePlan,
  Template,
  UpstreamPoolPlan,
} from '../../../runtime/plan/plan.ts';

export const LIMITS: GlobalPlan['limits'] = {
  maxHeaderBytes: 16384,
  headerTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  maxBodyBytes: null,
};

export function globalPlan(overrides: Partial<GlobalPlan> = {}): GlobalPlan {
  return { admin: null, metrics: null, gracePeriodMs: 5_000, limits: LIMITS, logLevel: 'debug', ...overrides };
}

let hashes = 0;

/**
 * Builds the plan; reverse_proxy handlers made by `withInlinePool` get their pool appended to `pools` (after
 * any given) and refer to it by index, as the compiler does for inline upstreams.
 */
export function plan(parts: { listeners: ListenerPlan[]; matchers?: MatcherPlan[]; pools?: UpstreamPoolPlan[]; global?: Partial<GlobalPlan>; hash?: string }): Plan {
  const pools = [...(parts.pools ?? [])];
  // Objects are rebuilt only along the path to a handler with an inline pool: tests may hold on to the rest.
  const hoistHandler = (h: HandlerPlan): HandlerPlan => {
    if (h.kind === 'subroute') {
      const routes = hoist(h.routes);
      return routes === h.routes ? h : { ...h, routes };
    }
    if (h.kind !== 'reverse_proxy') return h;
    const pool = INLINE_POOLS.get(h);
    if (pool === undefined) return h;
    pools.push(pool);
    return { ...h, pool: pools.length - 1 };
  };
  const hoist = (routes: readonly RoutePlan[]): RoutePlan[] => {
    const out = routes.map((r) => {
      const handlers = r.handlers.map(hoistHandler);
      return handlers.every((h, i) => h === r.handlers[i]) ? r : { ...r, handlers };
    });
    return out.every((r, i) => r === routes[i]) ? (routes as RoutePlan[]) : out;
  };
  const hoistSite = (s: SitePlan): SitePlan => {
    const routes = hoist(s.routes);
    const errorRoutes = s.errorRoutes === null ? null : hoist(s.errorRoutes);
    return routes === s.routes && errorRoutes === s.errorRoutes ? s : { ...s, routes, errorRoutes };
  };
  const listeners = parts.listeners.map((l) => {
    const sites = l.sites.map(hoistSite);
    return sites.every((s, i) => s === l.sites[i]) ? l : { ...l, sites };
  });
  return {
    version: 1,
    hash: parts.hash ?? `test-plan-${++hashes}`,
    files: [],
    global: globalPlan(parts.global),
    matchers: parts.matchers ?? [],
    pools,
    listeners,
  };
}

const INLINE_POOLS = new WeakMap<HandlerPlan, UpstreamPoolPlan>();

/** A reverse_proxy handler whose pool plan() adds to Plan.pools (its `pool` index is filled in there). */
export function withInlinePool(handler: Omit<ReverseProxyHandler, 'pool'>, pool: UpstreamPoolPlan): ReverseProxyHandler {
  const h: ReverseProxyHandler = { ...handler, pool: -1 };
  INLINE_POOLS.set(h, pool);
  return h;
}

/** One HTTP listener on 127.0.0.1:0 (key "http/127.0.0.1/0" unless `port` given) serving the sites. */
export function httpListener(sites: SitePlan[], hosts?: Partial<HostTable>, port = 0): ListenerPlan {
  return {
    key: `http/127.0.0.1/${port}`,
    bind: { host: '127.0.0.1', port },
    tls: null,
    hosts: { exact: {}, wildcard: {}, catchAll: hosts === undefined ? 0 : null, ...hosts },
    sites,
  };
}

export function httpsListener(sites: SitePlan[], tls: ListenerTlsPlan, hosts?: Partial<HostTable>, port = 0): ListenerPlan {
  return {
    key: `https/127.0.0.1/${port}`,
    bind: { host: '127.0.0.1', port },
    tls,
    hosts: { exact: {}, wildcard: {}, catchAll: hosts === undefined ? 0 : null, ...hosts },
    sites,
  };
}

/** The TLS policy every site gets by default (what the compiler emits for `tls cert key`). */
export function tlsPolicy(overrides: Partial<TlsPolicyPlan> = {}): TlsPolicyPlan {
  return {
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ciphers: ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
    alpn: ['h2', 'http/1.1'],
    clientAuth: null,
    ...overrides,
  };
}

/** A listener's TLS plan with one policy for every site and certificate (no 421 check). */
export function listenerTls(certificates: CertificatePlan[], defaultCertificate: number | null = certificates.length > 0 ? 0 : null, policy: Partial<TlsPolicyPlan> = {}, sites = 1): ListenerTlsPlan {
  return {
    certificates,
    defaultCertificate,
    policies: [tlsPolicy(policy)],
    sitePolicies: new Array<number>(sites).fill(0),
    certificatePolicies: certificates.map(() => 0),
    defaultPolicy: 0,
    unknownSni: 'default',
    sniIdentities: null,
  };
}

export function site(name: string, routes: RoutePlan[], extra: Partial<SitePlan> = {}): SitePlan {
  return { name, origin: `Rwsfile:1:1`, scheme: 'http', routes, errorRoutes: null, accessLog: null, ...extra };
}

export function route(handlers: HandlerPlan[], match: number[] = [], group: string | null = null): RoutePlan {
  return { match, group, handlers, origin: 'Rwsfile:2:2' };
}

export function respond(body: Template | string | null, status = 200, extra: Partial<Extract<HandlerPlan, { kind: 'respond' }>> = {}): HandlerPlan {
  return { kind: 'respond', status, body: typeof body === 'string' ? [body] : body, headers: [], close: false, ...extra };
}

/** A site answering `body` to everything: the smallest useful plan. */
export function simplePlan(body: string, extra: { hash?: string; global?: Partial<GlobalPlan> } = {}): Plan {
  return plan({ listeners: [httpListener([site('test', [route([respond(body)])])])], ...extra });
}
