import { describe, expect, it } from 'vitest';
import { codes, compileText } from './helpers.ts';

const site = (...lines: string[]) => `x.test {\n${lines.map((l) => `\t${l}`).join('\n')}\n}\n`;

describe('shadowed routes', () => {
  it('warns about a route after a terminal route without a matcher, pointing at the shadowing one', () => {
    const r = compileText(site('respond "all"', 'respond /x "x"'));
    expect(codes(r)).toEqual(['RWS5004@3:2']);
    expect(r.diagnostics[0].notes.map((n) => n.span?.start)).toEqual([10]);
    expect(r.plan).not.toBeNull();
  });

  it('warns about identical matcher sets, in any order of the conditions', () => {
    const r = compileText(site('@a {', '\tpath /a', '\tmethod GET', '}', '@b {', '\tmethod GET', '\tpath /a', '}', 'respond @a "1"', 'respond @b "2"'));
    expect(codes(r)).toEqual(['RWS5004@11:2']);
  });

  it('does not warn when the earlier route has a different matcher or is not terminal', () => {
    expect(codes(compileText(site('respond /a "a"', 'respond /b "b"')))).toEqual([]);
    expect(codes(compileText(site('header X-A a', 'respond "r"')))).toEqual([]);
  });

  it('sees through phase sorting: a terminal group before later phases shadows them', () => {
    const r = compileText(site('respond "never"', 'handle {', '\trespond "caught"', '}'));
    expect(codes(r)).toEqual(['RWS5004@2:2']);
    expect(r.diagnostics[0].hint).toContain('run by phase');
  });

  it('checks nested lists and error routes too', () => {
    expect(codes(compileText(site('route {', '\trespond "a"', '\trespond "b"', '}')))).toEqual(['RWS5004@4:3']);
    expect(codes(compileText(site('handle_errors {', '\trespond "a"', '\trespond /x "b"', '}')))).toEqual(['RWS5004@4:3']);
  });

  it('reports handle siblings after a catch-all handle once, as RWS5007', () => {
    const r = compileText(site('handle {', '\trespond "all"', '}', 'handle /x/* {', '\trespond "x"', '}'));
    expect(codes(r)).toEqual(['RWS5007@5:2']);
  });

  it('does not count a grouped route that a sibling may have skipped', () => {
    const r = compileText(site('handle /a* {', '\theader X a', '}', 'handle /a {', '\trespond "a"', '}', 'respond /a "reachable"'));
    expect(codes(r)).toEqual([]);
  });
});
