/**
 * The global options block → GlobalPlan (with defaults) and the settings sites need (ports, default bind).
 *
 * Invariant: every option may be given once (`limits` merge key by key); absent options take the documented
 * defaults below.
 */
import type { GlobalPlan, LimitsPlan } from '../../runtime/plan/plan.ts';
import type { ExpandedLine } from '../expand/expanded.ts';
import type { GlobalOption } from '../registry/directive.ts';
import type { BoundGlobal } from './bound.ts';
import { type CertAutomation, DEFAULT_CERT_AUTOMATION } from './cert-automation.ts';
import type { BoundOption, DirectiveBinder } from './directive-binder.ts';

export const DEFAULT_LIMITS: LimitsPlan = {
  maxHeaderBytes: 16384,
  headerTimeoutMs: 10000,
  requestTimeoutMs: 60000,
  idleTimeoutMs: 120000,
  maxBodyBytes: null,
};

export const DEFAULT_ORIGIN = '<default>';

export function defaultGlobal(): BoundGlobal {
  return {
    plan: {
      admin: { address: { kind: 'tcp', host: '127.0.0.1', port: 2019 }, origin: DEFAULT_ORIGIN },
      metrics: null,
      gracePeriodMs: 10000,
      limits: DEFAULT_LIMITS,
      logLevel: 'info',
    },
    httpPort: 80,
    httpsPort: 443,
    defaultBind: null,
    certificates: DEFAULT_CERT_AUTOMATION,
    defaultSni: null,
    unknownSni: 'default',
  };
}

export function bindGlobal(line: ExpandedLine | null, binder: DirectiveBinder): BoundGlobal {
  const defaults = defaultGlobal();
  if (line === null || line.block === null) return defaults;
  const list = binder.topLevel(line.block.lines, 'global');
  const seen = new Map<string, BoundOption<GlobalOption>>();
  let admin = defaults.plan.admin;
  let metrics = defaults.plan.metrics;
  let gracePeriodMs = defaults.plan.gracePeriodMs;
  let limits: LimitsPlan = defaults.plan.limits;
  let logLevel = defaults.plan.logLevel;
  let workers: number | 'auto' = 1;
  let trustedRanges: readonly string[] | null = null;
  let clientIpHeaders: readonly string[] = [];
  let { httpPort, httpsPort, defaultBind } = defaults;
  let certificates: CertAutomation = defaults.certificates;
  let { defaultSni, unknownSni } = defaults;
  const origin = (o: BoundOption<GlobalOption>) => binder.shared.origins.of(o.span);
  for (const bound of list.globalOptions) {
    const { option } = bound;
    // Keyed by the option's name: several options (`email`, `acme_ca`, …) share the kind `certificates`.
    const previous = seen.get(bound.name);
    if (previous !== undefined && option.kind !== 'limits' && option.kind !== 'upstream') {
      binder.shared.sink.error('RWS3009', `global option \`${bound.name}\` is set twice`, bound.nameSpan, {
        notes: [{ message: 'first set here', span: previous.nameSpan }],
        hint: 'remove one of them',
      });
      continue;
    }
    seen.set(bound.name, bound);
    switch (option.kind) {
      case 'admin':
        admin = option.address === null ? null : { address: option.address, origin: origin(bound) };
        break;
      case 'metrics':
        metrics = { address: option.address, path: option.path, origin: origin(bound) };
        break;
      case 'grace_period':
        gracePeriodMs = option.ms;
        break;
      case 'limits':
        limits = { ...limits, ...definedOnly(option.limits) };
        break;
      case 'workers':
        workers = option.count;
        break;
      case 'log_level':
        logLevel = option.level;
        break;
      case 'http_port':
        httpPort = option.port;
        break;
      case 'https_port':
        httpsPort = option.port;
        break;
      case 'default_bind':
        defaultBind = option.hosts;
        break;
      case 'trusted_proxies':
        trustedRanges = option.ranges;
        break;
      case 'client_ip_headers':
        clientIpHeaders = option.headers;
        break;
      case 'default_sni':
        defaultSni = option.name;
        break;
      case 'unknown_sni':
        unknownSni = option.mode;
        break;
      case 'certificates':
        certificates = { ...certificates, ...option.settings };
        break;
      case 'upstream':
        declarePool(option, binder);
        break;
      default:
        assertNever(option);
    }
  }
  for (const bound of list.routes) {
    const info = binder.shared.routeInfo.get(bound.route);
    if (info !== undefined) binder.shared.sink.report('RWS9001', 'error', `internal error: \`${info.name}\` produced handlers in the global options block`, info.span, {}, info.via);
  }
  // `workers` only when set: a single-process plan stays as it was.
  // `trustedProxies` only when set, likewise.
  const trusted = trustedRanges === null ? {} : { trustedProxies: { ranges: trustedRanges, headers: clientIpHeaders.length === 0 ? ['x-forwarded-for'] : clientIpHeaders } };
  const plan: GlobalPlan = { admin, metrics, gracePeriodMs, limits, logLevel, ...(workers === 1 ? {} : { workers }), ...trusted };
  return { plan, httpPort, httpsPort, defaultBind, certificates, defaultSni, unknownSni };
}

/** A named pool enters the pool table (and so the plan) only when something refers to it. */
function declarePool(option: Extract<GlobalOption, { kind: 'upstream' }>, binder: DirectiveBinder): void {
  const plan = option.pool === null ? null : { name: option.name, ...option.pool };
  const previous = binder.shared.pools.declare({ name: option.name, nameSpan: option.nameSpan, via: [], plan });
  if (previous !== null) {
    binder.shared.sink.error('RWS3702', `upstream pool \`${option.name}\` is declared twice`, option.nameSpan, {
      notes: [{ message: 'first declared here', span: previous.nameSpan }],
      hint: 'give each pool its own name, or merge the two blocks',
    });
  }
}

function definedOnly(limits: Partial<LimitsPlan>): Partial<LimitsPlan> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<LimitsPlan>;
}

function assertNever(x: never): never {
  throw new Error(`unexpected global option ${JSON.stringify(x)}`);
}
