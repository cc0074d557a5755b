/**
 * Builds route lists into Handlers for one plan: provisions every HandlerPlan through the handler table,
 * composes each route's chain, and remembers every close() so the plan can release them when retired.
 */
import type { Handler, ProvisionEnv } from '../http/handler.ts';
import { provisionHandler } from '../handlers/index.ts';
import type { MatcherSet } from '../matchers/matcher-set.ts';
import type { HandlerPlan, Plan, RoutePlan } from '../plan/plan.ts';
import { compose } from '../routing/compose.ts';
import { type CompiledRoute, routeList } from '../routing/route-list.ts';
import { ProvisionError } from './provision-error.ts';

export class RouteBuilder {
  readonly env: ProvisionEnv;
  private readonly matchers: MatcherSet;
  private readonly closers: (() => Promise<void>)[];

  constructor(plan: Plan, matchers: MatcherSet, logger: import('pino').Logger, closers: (() => Promise<void>)[], pools: ProvisionEnv['pools']) {
    this.matchers = matchers;
    this.closers = closers;
    this.env = { plan, logger, pools, buildRoutes: (routes) => this.build(routes) };
  }

  build(routes: readonly RoutePlan[]): Handler {
    const groups = new Map<string, number>();
    const compiled: CompiledRoute[] = routes.map((route) => {
      let group = -1;
      if (route.group !== null) {
        group = groups.get(route.group) ?? groups.size;
        groups.set(route.group, group);
      }
      return { match: route.match, group, chain: compose(route.handlers.map((h) => this.handler(h, route))) };
    });
    return routeList(compiled, this.matchers);
  }

  private handler(plan: HandlerPlan, route: RoutePlan): Handler {
    let provisioned;
    try {
      provisioned = provisionHandler(plan, this.env);
    } catch (err) {
      if (err instanceof ProvisionError) throw err;
      throw new ProvisionError(`${route.origin}: cannot set up ${plan.kind}: ${(err as Error).message}`, { cause: err });
    }
    if (provisioned.close !== undefined) this.closers.push(provisioned.close);
    return provisioned.handle;
  }
}
