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
  RoutePlan,
  SitePlan,
  Template,
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

export function plan(parts: { listeners: ListenerPlan[]; matchers?: MatcherPlan[]; global?: Partial<GlobalPlan>; hash?: string }): Plan {
  return {
    version: 1,
    hash: parts.hash ?? `test-plan-${++hashes}`,
    files: [],
    global: globalPlan(parts.global),
    matchers: parts.matchers ?? [],
    listeners: parts.listeners,
  };
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

