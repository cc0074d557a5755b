import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MATCHED, MatchMemo, NOT_MATCHED, UNKNOWN } from '../../runtime/matchers/match-memo.ts';
import { assignMatchSlots } from '../../runtime/matchers/match-slots.ts';
import type { MatcherPlan } from '../../runtime/plan/plan.ts';
import { httpListener, plan, respond, route, site } from './support/plan.ts';
import { start, stopAll } from './support/server.ts';

afterEach(stopAll);

const path = (value: string): MatcherPlan => ({ kind: 'path', patterns: [{ kind: 'exact', value }] });

describe('matcher memo slots', () => {
  it('gives the matchers one site can reach distinct slots, and each site a memo only as large as it needs', () => {
    const matchers: MatcherPlan[] = [
      { kind: 'method', methods: ['GET'] }, // 0: shared by a and c
      { kind: 'not', all: [2] }, // 1: a, refers to 2
      path('/a'), // 2: a (through 1)
      path('/b'), // 3: b, inside a subroute
      path('/c'), // 4: c, in handle_errors
      ...Array.from({ length: 100 }, (_, i) => path(`/other/${i}`)), // 5..104: site d
    ];
    const a = site('a', [route([respond('a')], [0, 1])]);
    const b = site('b', [route([{ kind: 'subroute', routes: [route([respond('b')], [3])] }])]);
    const c = site('c', [route([respond('c')], [0])], { errorRoutes: [route([respond('c!')], [4])] });
    const d = site('d', Array.from({ length: 100 }, (_, i) => route([respond(String(i))], [5 + i])));
    const slots = assignMatchSlots(plan({ matchers, listeners: [httpListener([a, b, c, d])] }));
    const slotsOf = (indices: number[]) => indices.map((i) => slots.slotOf[i]);
    expect(new Set(slotsOf([0, 1, 2])).size).toBe(3);
    expect(new Set(slotsOf([0, 4])).size).toBe(2);
    expect(slots.siteSlots.get(a)).toBe(3);
    expect(slots.siteSlots.get(b)).toBe(1);
    expect(slots.siteSlots.get(c)).toBe(2);
    expect(slots.siteSlots.get(d)).toBe(100);
    for (const slot of slots.slotOf) expect(slot).toBeLessThan(matchers.length);
  });

  it('never answers for another matcher sharing a slot: it is a miss, and the matcher is evaluated again', () => {
    const memo = new MatchMemo(2, Int32Array.from([0, 1, 0]));
    expect(memo.get(0)).toBe(UNKNOWN);
    memo.set(0, MATCHED);
    expect(memo.get(0)).toBe(MATCHED);
    expect(memo.get(2)).toBe(UNKNOWN);
    memo.set(2, NOT_MATCHED);
    expect(memo.get(2)).toBe(NOT_MATCHED);
    expect(memo.get(0)).toBe(UNKNOWN);
    memo.set(1, MATCHED);
    memo.forget([2]);
    expect([memo.get(0), memo.get(1), memo.get(2)]).toEqual([UNKNOWN, MATCHED, UNKNOWN]);
    expect([...memo.snapshot(3)]).toEqual([0, 1, 0]);
  });

  it('routes each of many sites by its own matchers', async () => {
    const count = 300;
    const matchers: MatcherPlan[] = [{ kind: 'method', methods: ['GET'] }, ...Array.from({ length: count }, (_, i) => path(`/s${i}`))];
    const sites = Array.from({ length: count }, (_, i) => site(`s${i}.test`, [route([respond(`hit ${i}`)], [0, 1 + i]), route([respond(`miss ${i}`)])]));
    const exact = Object.fromEntries(sites.map((s, i) => [s.name, i]));
    const rws = await start(plan({ matchers, listeners: [httpListener(sites, { exact })] }));
    const ask = async (host: string, path: string, method = 'GET') => (await request(`${rws.url}${path}`, { method: method as 'GET', headers: { host } })).body.text();
    for (const i of [0, 1, 150, 299]) {
      expect(await ask(`s${i}.test`, `/s${i}`)).toBe(`hit ${i}`);
      expect(await ask(`s${i}.test`, `/s${(i + 1) % count}`)).toBe(`miss ${i}`);
      expect(await ask(`s${i}.test`, `/s${i}`, 'POST')).toBe(`miss ${i}`);
    }
  });
});
