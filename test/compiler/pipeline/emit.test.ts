import { describe, expect, it } from 'vitest';
import { canonicalJson, deepFreeze, hashAndFreezePlan, hashPlan } from '../../../compiler/emit/index.ts';
import { compileText } from './helpers.ts';

/** The definition: JSON.stringify with every object rebuilt with its keys sorted (integer-like keys then come first, in numeric order). */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.keys(item).sort().map((k) => [k, (item as Record<string, unknown>)[k]]));
  }) ?? 'null';
}

describe('canonical JSON, hash and freeze', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], u: undefined })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson({ z: 1, a: 2 }, (k) => k === 'z')).toBe('{"a":2}');
    expect(canonicalJson(['é', '"', 1.5, true, [undefined]])).toBe(JSON.stringify(['é', '"', 1.5, true, [null]]));
  });

  it('equals JSON.stringify with sorted keys, for every shape and its cached key order', () => {
    const values: unknown[] = [
      { kind: 'a', z: 1, b: [1, -0, 1e21, NaN, Infinity, null, () => 1] },
      { b: 2, kind: 'a', z: 1 },
      { kind: 'a', z: 1, b: { '10': 'ten', '9': 'nine', 'é': 'e', 'E': 'E', '01': 'zero-one', '4294967295': 'not an index' } },
      { s: 'quote " backslash \\ newline \n tab \t nul \u0000 lone \ud800 pair 😀 \u2028' },
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key${(i * 7) % 40}`, i])),
      { a: undefined, b: { c: undefined }, d: [undefined], e: Symbol('x') },
      [],
      {},
      'top',
      42,
    ];
    for (const value of values) {
      for (let round = 0; round < 2; round++) expect(canonicalJson(value)).toBe(reference(value));
    }
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('leaves out omitted keys at every depth but not array items', () => {
    const omit = (k: string): boolean => k === 'origin';
    expect(canonicalJson({ origin: 'x', a: [{ origin: 1, b: 2 }, 'origin'], c: { d: { origin: null } } }, omit)).toBe('{"a":[{"b":2},"origin"],"c":{"d":{}}}');
  });

  it('hashes without `hash` and `origin`, and is independent of key order', () => {
    const base = { version: 1 as const, files: [], global: null as never, matchers: [], pools: [], listeners: [] };
    const withOrigin = { ...base, listeners: [{ origin: 'a:1:1' } as never] };
    const otherOrigin = { ...base, listeners: [{ origin: 'b:9:9' } as never] };
    expect(hashPlan(withOrigin)).toBe(hashPlan(otherOrigin));
    expect(hashPlan({ listeners: [], pools: [], matchers: [], global: null as never, files: [], version: 1 })).toBe(hashPlan(base));
    expect(hashPlan(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('deep-freezes', () => {
    const value = deepFreeze({ a: [{ b: 1 }], c: { d: [2] } });
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(value.c.d)).toBe(true);
  });

  it('deep-freezes nesting of any depth', () => {
    let deep: unknown[] = [];
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = deep[0] = [];
    deepFreeze(root);
    expect(Object.isFrozen(deep)).toBe(true);
  });

  it('hashes and freezes in one walk: the same hash, every object frozen, omitted members included', () => {
    const make = () => ({ version: 1 as const, files: ['a'], global: null as never, matchers: [{ kind: 'method', methods: ['GET'] }] as never, pools: [], listeners: [{ origin: { odd: [1] }, key: 'k' }] as never });
    const value = make();
    expect(hashAndFreezePlan(value)).toBe(hashPlan(make()));
    expect(Object.isFrozen(value.matchers[0])).toBe(true);
    expect(Object.isFrozen((value.matchers[0] as { methods: string[] }).methods)).toBe(true);
    expect(Object.isFrozen((value.listeners[0] as { origin: { odd: number[] } }).origin.odd)).toBe(true);
    expect(Object.isFrozen(value.files)).toBe(true);
  });

  it('gives a reformatted Rwsfile the same hash, and a changed one a different hash', () => {
    const a = compileText('x.test {\n\trespond "hi"\n}\n');
    const b = compileText('# a comment\n\n\nx.test   {\n        respond    "hi"\n\n}\n');
    const c = compileText('x.test {\n\trespond "hello"\n}\n');
    expect(a.plan!.hash).toBe(b.plan!.hash);
    expect(a.plan!.listeners[0].sites[0].origin).not.toBe(b.plan!.listeners[0].sites[0].origin);
    expect(c.plan!.hash).not.toBe(a.plan!.hash);
    const { hash, ...rest } = a.plan!;
    expect(hashPlan(rest)).toBe(hash);
  });

  it('returns a frozen, JSON-round-trippable plan', () => {
    const r = compileText('x.test {\n\t@m path_regexp ^/(.*)$\n\trespond @m "{re.m.1}"\n}\n');
    const plan = r.plan!;
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.listeners[0].sites[0].routes[0].handlers)).toBe(true);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});
