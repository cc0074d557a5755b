/**
 * Every matcher of a plan, compiled once at provision into predicates, and evaluated at most once per
 * request (per URI) through the request's match memo (match-memo.ts).
 *
 * Invariant: regexps, CIDR lists, host sets and globs are built here, never per request; a matcher's
 * result is cached per request and forgotten only by ctx.uriChanged() for matchers that read the URI.
 */
import type { RequestContext } from '../http/handler.ts';
import type { Context } from '../http/request-context.ts';
import type { MatcherPlan } from '../plan/plan.ts';
import { compileMatcher } from './compile-matcher.ts';
import { MATCHED, NOT_MATCHED, UNKNOWN } from './match-memo.ts';
import type { Predicate } from './predicate.ts';

export class MatcherSet {
  readonly plans: readonly MatcherPlan[];
  /** Indices of matchers whose result depends on path or query (directly or through not/any). */
  readonly uriDependent: readonly number[];
  private readonly predicates: readonly Predicate[];

  constructor(plans: readonly MatcherPlan[]) {
    this.plans = plans;
    this.predicates = plans.map((plan, index) => {
      try {
        return compileMatcher(plan, index, this);
      } catch (err) {
        throw new Error(`matcher #${index} (${plan.kind}): ${(err as Error).message}`, { cause: err });
      }
    });
    this.uriDependent = findUriDependent(plans);
  }

  /** Whether matcher `index` matches, computed at most once per request (per URI). */
  matches(ctx: RequestContext, index: number): boolean {
    // Context is the one RequestContext implementation (http/request-context.ts).
    const memo = (ctx as Context).matchMemo;
    const cached = memo.get(index);
    if (cached !== UNKNOWN) return cached === MATCHED;
    const result = this.predicates[index](ctx);
    memo.set(index, result ? MATCHED : NOT_MATCHED);
    return result;
  }

  /** AND of the matchers; true for an empty list. */
  matchesAll(ctx: RequestContext, indices: readonly number[]): boolean {
    for (const index of indices) if (!this.matches(ctx, index)) return false;
    return true;
  }
}

function findUriDependent(plans: readonly MatcherPlan[]): number[] {
  const memo = new Map<number, boolean>();
  const visit = (index: number, seen: Set<number>): boolean => {
    const known = memo.get(index);
    if (known !== undefined) return known;
    if (seen.has(index)) return false;
    seen.add(index);
    const plan = plans[index];
    let result: boolean;
    switch (plan.kind) {
      case 'path':
      case 'path_regexp':
      case 'query':
        result = true;
        break;
      case 'not':
        result = plan.all.some((i) => visit(i, seen));
        break;
      case 'any':
        result = plan.groups.some((g) => g.some((i) => visit(i, seen)));
        break;
      default:
        result = false;
    }
    memo.set(index, result);
    return result;
  };
  const out: number[] = [];
  for (let i = 0; i < plans.length; i++) if (visit(i, new Set())) out.push(i);
  return out;
}
