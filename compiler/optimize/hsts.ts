/**
 * HSTS: a site with `tls { hsts … }` gets a first route on its HTTPS plan that sets Strict-Transport-Security on
 * every response (redirects and errors included, as `header` does). Its plain-HTTP plan, if any, never gets it.
 *
 * Invariant: routes are returned unchanged when the site asked for no HSTS.
 */
import type { RoutePlan } from '../../runtime/plan/plan.ts';
import type { BoundSite } from '../bind/bound.ts';

export function withHsts(routes: readonly RoutePlan[], site: BoundSite): readonly RoutePlan[] {
  const value = site.tlsPolicy?.hsts ?? null;
  if (value === null) return routes;
  const route: RoutePlan = {
    match: [],
    group: null,
    handlers: [{ kind: 'headers', request: [], response: [{ op: 'set', name: 'strict-transport-security', value: [value] }] }],
    origin: site.origin,
  };
  return [route, ...routes];
}
