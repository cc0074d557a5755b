/**
 * One site block → BoundSite: addresses, named matchers, directives (site level sorted by phase), site options.
 *
 * Invariant: each site option is set at most once; every address becomes endpoints with a resolved scheme,
 * port and bind host.
 */
import type { AccessLogPlan, RoutePlan } from '../../runtime/plan/plan.ts';
import type { ExpandedLine } from '../expand/expanded.ts';
import type { SiteOption, TlsPolicySetting } from '../registry/directive.ts';
import type { BoundGlobal, BoundSite, NamedMatcherInfo, TlsSetting } from './bound.ts';
import { DirectiveBinder, type BinderShared, type BoundOption } from './directive-binder.ts';
import { endpointsOf } from './endpoints.ts';
import { type ManagedRequestAt, siteCertificate } from './site-certificate.ts';
import { SiteMatchers } from './named-matchers.ts';
import { sortByPhase } from './phase-sort.ts';
import { parseSiteAddresses } from './site-address.ts';

export function bindSite(line: ExpandedLine, shared: BinderShared, global: BoundGlobal, namedMatchers: NamedMatcherInfo[]): BoundSite | null {
  const { sink } = shared;
  sink.context = line;
  const addresses = parseSiteAddresses(line.args, sink);
  sink.context = null;
  const lines = line.block?.lines ?? [];
  const matchers = SiteMatchers.collect(lines, shared.lookup, shared.table, sink);
  const name = addresses.length === 1 ? addresses[0].text : addresses.map((a) => a.text).join(', ');
  const binder = new DirectiveBinder(shared, matchers, name);
  const list = binder.topLevel(lines, 'site');
  if (matchers !== SiteMatchers.NONE) {
    for (const m of matchers.all()) {
      namedMatchers.push({ name: m.name, nameSpan: m.nameSpan, span: m.line.span, via: m.line.via, used: m.used });
    }
  }
  const options = siteOptions(list.siteOptions, shared);
  if (addresses.length === 0) return null;
  const routes = sortByPhase(list.routes);
  const endpoints = endpointsOf(addresses, options.tls !== null || options.managed !== null, options.bind, global);
  const origin = shared.origins.of(line.span);
  return {
    name,
    span: line.span,
    origin,
    via: line.via,
    addresses,
    endpoints,
    routes,
    errorRoutes: options.errorRoutes,
    tls: siteCertificate(options.tls, options.managed, addresses, endpoints, global, origin, sink),
    tlsPolicy: options.tlsPolicy,
    accessLog: options.accessLog,
  };
}

interface SiteOptions {
  tls: TlsSetting | null;
  /** `tls` without files (`tls internal`, `tls <email>`, `tls { … }`). */
  managed: ManagedRequestAt | null;
  tlsPolicy: TlsPolicySetting | null;
  accessLog: AccessLogPlan | null;
  bind: readonly string[] | null;
  errorRoutes: readonly RoutePlan[] | null;
}

function siteOptions(bound: readonly BoundOption<SiteOption>[], shared: BinderShared): SiteOptions {
  const out: SiteOptions = { tls: null, managed: null, tlsPolicy: null, accessLog: null, bind: null, errorRoutes: null };
  if (bound.length === 0) return out;
  const seen = new Map<SiteOption['kind'], BoundOption<SiteOption>>();
  for (const b of bound) {
    const { option } = b;
    // `tls cert key` and `tls internal` are one setting: the site's certificate.
    const kind = option.kind === 'tls_managed' ? 'tls' : option.kind;
    const previous = seen.get(kind);
    if (previous !== undefined) {
      const what = b.name === previous.name ? `\`${b.name}\` is given twice` : `\`${b.name}\` and \`${previous.name}\` both set ${option.kind.replaceAll('_', ' ')}`;
      shared.sink.error('RWS3009', `${what} in this site`, b.nameSpan, {
        notes: [{ message: 'first set here', span: previous.nameSpan }],
        hint: 'remove one of them',
      });
      continue;
    }
    seen.set(kind, b);
    switch (option.kind) {
      case 'tls':
        out.tls = { kind: 'files', certFile: option.certFile, keyFile: option.keyFile, fingerprint: option.fingerprint, span: option.span, origin: shared.origins.of(b.span) };
        break;
      case 'tls_managed':
        out.managed = { request: option.request, span: option.span };
        break;
      case 'tls_policy':
        out.tlsPolicy = option.policy;
        break;
      case 'log':
        out.accessLog = option.log;
        break;
      case 'bind':
        out.bind = option.hosts;
        break;
      case 'error_routes':
        out.errorRoutes = option.routes;
        break;
      default:
        assertNever(option);
    }
  }
  return out;
}

function assertNever(x: never): never {
  throw new Error(`unexpected site option ${JSON.stringify(x)}`);
}
