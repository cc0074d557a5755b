/** A compiled matcher: decides one MatcherPlan for one request. Built once per plan. */
import type { RequestContext } from '../http/handler.ts';

export type Predicate = (ctx: RequestContext) => boolean;
