import { describe, expect, it } from 'vitest';
import { sortByPhase } from '../../../compiler/bind/phase-sort.ts';
import type { Phase, RoutePlan } from '../../../runtime/plan/plan.ts';
import { compileText } from './helpers.ts';

const route = (origin: string): RoutePlan => ({ match: [], group: null, handlers: [], origin });

describe('phase sorting', () => {
  it('orders by PHASES and keeps source order within a phase', () => {
    const input: { route: RoutePlan; phase: Phase | null }[] = [
      { route: route('respond-1'), phase: 'respond' },
      { route: route('headers-1'), phase: 'headers' },
      { route: route('respond-2'), phase: 'respond' },
      { route: route('context-1'), phase: 'context' },
      { route: route('headers-2'), phase: 'headers' },
      { route: route('group-1'), phase: 'group' },
    ];
    expect(sortByPhase(input).map((r) => r.origin)).toEqual(['context-1', 'headers-1', 'headers-2', 'group-1', 'respond-1', 'respond-2']);
  });

  it('sorts site-level directives but never the inside of a route block', () => {
    const r = compileText('x.test {\n\trespond "r"\n\theader X-A a\n\troute {\n\t\trespond /r "inner"\n\t\theader X-B b\n\t}\n}\n');
    const routes = r.plan!.listeners[0].sites[0].routes;
    expect(routes.map((x) => x.handlers[0].kind)).toEqual(['headers', 'subroute', 'respond']);
    const inner = routes[1].handlers[0];
    expect(inner.kind === 'subroute' && inner.routes.map((x) => x.handlers[0].kind)).toEqual(['respond', 'headers']);
  });
});
