/**
 * The interned matcher table: structurally identical matchers share one index, so each is evaluated once per
 * request however many routes use it.
 *
 * Invariant: `list[i]` is never changed after it is added; equal canonical JSON ⇔ equal index.
 */
import type { MatcherPlan } from '../../runtime/plan/plan.ts';
import { canonicalJson } from '../emit/canonical-json.ts';

export class MatcherTable {
  readonly list: MatcherPlan[] = [];
  readonly #index = new Map<string, number>();

  intern(matcher: MatcherPlan): number {
    const key = canonicalJson(matcher);
    let index = this.#index.get(key);
    if (index === undefined) {
      index = this.list.length;
      this.list.push(matcher);
      this.#index.set(key, index);
    }
    return index;
  }
}
