/**
 * Consistent hashing by rendezvous (highest random weight): each upstream scores the key, the highest score
 * wins. Removing an upstream moves only the keys it had; adding one takes about 1/n of the keys from the
 * others. With weights, the score is -weight / ln(h) (weighted rendezvous), so shares follow the weights.
 *
 * Invariant: the choice depends only on the key and the candidates' URLs and weights (not on list order,
 * process or time), so every rws process maps a key to the same upstream.
 */
import type { RequestContext } from '../../../http/handler.ts';
import type { LbPolicyPlan } from '../../../plan/plan.ts';
import { compileTemplate } from '../../../template/compile-template.ts';
import type { Upstream } from '../upstream.ts';

export function rendezvous(candidates: readonly Upstream[], key: string): Upstream {
  const keyHash = fnv1a(key, 0x811c9dc5);
  let best = candidates[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const u of candidates) {
    // h in (0, 1): a uniform draw per (key, upstream).
    const h = (mix(keyHash ^ u.urlHash) + 0.5) / 4294967296;
    // Weighted rendezvous: -w / ln(h) (for equal weights the same order as h itself).
    const score = -u.weight / Math.log(h);
    if (score > bestScore || (score === bestScore && u.url < best.url)) {
      best = u;
      bestScore = score;
    }
  }
  return best;
}

/** The request property a `hash` policy hashes on, as an accessor ('' when absent). */
export function hashKeyOf(lb: Extract<LbPolicyPlan, { kind: 'hash' }>): (ctx: RequestContext) => string {
  switch (lb.source) {
    case 'header':
      return compileTemplate([{ ph: 'header', name: lb.key.toLowerCase() }]);
    case 'cookie':
      return compileTemplate([{ ph: 'cookie', name: lb.key }]);
    case 'query':
      return compileTemplate([{ ph: 'query', name: lb.key }]);
    case 'uri':
      return compileTemplate([{ ph: 'request', field: 'uri' }]);
    default: {
      const unknown: never = lb.source;
      throw new Error(`unknown hash source ${String(unknown)}`);
    }
  }
}

/** 32-bit FNV-1a of a string, from `seed`. */
export function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's fmix32 finaliser: similar inputs spread evenly. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
