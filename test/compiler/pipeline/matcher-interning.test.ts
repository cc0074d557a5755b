import { describe, expect, it } from 'vitest';
import { MatcherTable } from '../../../compiler/bind/matcher-table.ts';
import type { RoutePlan } from '../../../runtime/plan/plan.ts';
import { compileText } from './helpers.ts';

describe('matcher interning', () => {
  it('gives structurally identical matchers one index, whatever their key order', () => {
    const table = new MatcherTable();
    const a = table.intern({ kind: 'header', name: 'accept', values: ['*json*'] });
    const b = table.intern({ values: ['*json*'], name: 'accept', kind: 'header' } as const);
    const c = table.intern({ kind: 'header', name: 'accept', values: null });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(table.list).toHaveLength(2);
  });

  it('shares matchers across sites and between named and inline forms', () => {
    const r = compileText('a.test {\n\t@api path /api/*\n\trespond @api "a"\n}\nb.test {\n\trespond /api/* "b"\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.matchers).toEqual([{ kind: 'path', patterns: [{ kind: 'prefix', value: '/api/' }] }]);
    const sites = r.plan!.listeners[0].sites;
    expect(sites.map((s) => s.routes[0].match)).toEqual([[0], [0]]);
  });

  it('drops unreferenced matchers and renumbers routes, not matchers and captures', () => {
    const text = [
      'x.test {',
      '\t@unused1 path /u1',
      '\t@re path_regexp ^/i/(\\d+)$',
      '\t@unused2 method DELETE',
      '\t@notget not method GET',
      '\trespond @re "{re.re.1}"',
      '\trespond @notget "not get"',
      '}',
    ].join('\n');
    const r = compileText(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RWS5005', 'RWS5005']);
    const plan = r.plan!;
    expect(plan.matchers).toEqual([
      { kind: 'path_regexp', name: 're', pattern: '^/i/(\\d+)$', flags: '' },
      { kind: 'method', methods: ['GET'] },
      { kind: 'not', all: [1] },
    ]);
    const routes = plan.listeners[0].sites[0].routes;
    expect(routes.map((route: RoutePlan) => route.match)).toEqual([[0], [2]]);
    const body = (routes[0].handlers[0] as { body: unknown }).body;
    expect(body).toEqual([{ ph: 'capture', matcher: 0, group: 1 }]);
  });

  it('keeps a matcher referenced only by a capture', () => {
    const r = compileText('x.test {\n\t@m path_regexp ^/(.*)$\n\t@n path /n\n\trespond @n "{re.m.1}"\n}\n');
    expect(r.plan!.matchers.map((m) => m.kind)).toEqual(['path_regexp', 'path']);
  });
});
