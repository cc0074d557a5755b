/**
 * Matcher pruning: drop table entries nothing refers to (routes, `not`/`any` matchers, `{re.*}` captures) and
 * renumber the rest, keeping their relative order.
 *
 * Invariant: after pruning every index in the routes and matchers points at the same matcher as before.
 */
import type { MatcherPlan, RoutePlan } from '../../runtime/plan/plan.ts';

export interface Pruned {
  readonly matchers: MatcherPlan[];
  /** Rewrite a route list's matcher indices (the list itself when nothing was dropped). */
  readonly remap: (routes: RoutePlan[]) => RoutePlan[];
}

export function pruneMatchers(matchers: readonly MatcherPlan[], lists: readonly (readonly RoutePlan[])[]): Pruned {
  // No matchers at all (sites that only route by host): nothing to prune, no routes to walk.
  if (matchers.length === 0) return { matchers: [], remap: (routes) => routes };
  const used = new Set<number>();
  const mark = (i: number): void => {
    if (used.has(i)) return;
    used.add(i);
    const m = matchers[i];
    if (m.kind === 'not') m.all.forEach(mark);
    else if (m.kind === 'any') m.groups.forEach((g) => g.forEach(mark));
  };
  // Captures can only point at regexp matchers: without any, only the route structure needs walking.
  const captures = matchers.some((m) => m.kind === 'path_regexp' || m.kind === 'header_regexp');
  for (const list of lists) {
    if (captures) visitIndices(list, mark);
    else visitRoutes(list, mark);
  }
  if (used.size === matchers.length) return { matchers: [...matchers], remap: (routes) => routes };
  const newIndex = new Map<number, number>();
  const kept: number[] = [...used].sort((a, b) => a - b);
  kept.forEach((old, i) => newIndex.set(old, i));
  const to = (i: number): number => newIndex.get(i)!;
  const renumbered = kept.map((old): MatcherPlan => {
    const m = matchers[old];
    if (m.kind === 'not') return { ...m, all: m.all.map(to) };
    if (m.kind === 'any') return { ...m, groups: m.groups.map((g) => g.map(to)) };
    return m;
  });
  return { matchers: renumbered, remap: (routes) => rewrite(routes, to) as RoutePlan[] };
}

function visitRoutes(routes: readonly RoutePlan[], fn: (i: number) => void): void {
  for (const route of routes) {
    route.match.forEach(fn);
    for (const h of route.handlers) if (h.kind === 'subroute') visitRoutes(h.routes, fn);
  }
}

/** Call `fn` for every matcher index a route list refers to: route matchers and captures, at any depth. */
function visitIndices(value: unknown, fn: (i: number) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) visitIndices(v, fn);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (record.ph === 'capture') {
    fn(record.matcher as number);
    return;
  }
  if (isRoute(record)) (record.match as number[]).forEach(fn);
  for (const key of Object.keys(record)) if (key !== 'match') visitIndices(record[key], fn);
}

function rewrite(value: unknown, to: (i: number) => number): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, to));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.ph === 'capture') return { ...record, matcher: to(record.matcher as number) };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    out[key] = key === 'match' && isRoute(record) ? (record.match as number[]).map(to) : rewrite(record[key], to);
  }
  return out;
}

function isRoute(record: Record<string, unknown>): boolean {
  return Array.isArray(record.match) && Array.isArray(record.handlers) && 'group' in record;
}
