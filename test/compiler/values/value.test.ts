import { describe, expect, it } from 'vitest';
import type { BindContext, ValueType } from '../../../compiler/registry/directive.ts';
import { parseValue } from '../../../compiler/values/value.ts';
import { arg, recorder } from './harness.ts';

/** Only what parseValue uses: reporting, and templates as plain text. */
function context(): BindContext & { heard: ReturnType<typeof recorder>['heard'] } {
  const r = recorder();
  return {
    ...r,
    baseDir: '/srv',
    scope: 'site',
    template: (a) => [a.value],
    path: (a) => [`/srv/${a.value}`],
    origin: () => 'Rwsfile:1:1',
    matcher: () => 0,
    routes: () => [],
    addPool: () => 0,
    usePool: () => undefined,
    peekPool: () => undefined,
    poolNames: () => [],
    subdirectives: () => new Map(),
  };
}

describe('parseValue', () => {
  it.each<[ValueType, string, unknown]>([
    [{ kind: 'string' }, 'x', 'x'],
    [{ kind: 'template' }, 'x', ['x']],
    [{ kind: 'path' }, 'www', ['/srv/www']],
    [{ kind: 'duration' }, '1m', 60_000],
    [{ kind: 'size' }, '1KiB', 1024],
    [{ kind: 'int', min: 1 }, '3', 3],
    [{ kind: 'status' }, '404', 404],
    [{ kind: 'address' }, ':80', { kind: 'tcp', host: '', port: 80 }],
    [{ kind: 'upstream' }, 'app:3000', 'http://app:3000'],
    [{ kind: 'url' }, 'https://a.example/', 'https://a.example/'],
    [{ kind: 'regexp' }, '^a$', '^a$'],
    [{ kind: 'cidr' }, '10.0.0.0/8', '10.0.0.0/8'],
    [{ kind: 'header-name' }, 'X-A', 'x-a'],
    [{ kind: 'mime' }, 'text/*', 'text/*'],
    [{ kind: 'enum', values: ['a', 'b'] }, 'b', 'b'],
    [{ kind: 'bool' }, 'on', true],
  ])('parses %o', (type, text, value) => {
    const ctx = context();
    expect(parseValue(type, arg(text), ctx)).toEqual({ kind: type.kind, value });
    expect(ctx.heard).toEqual([]);
  });

  it('applies the int range and reports through the context', () => {
    const ctx = context();
    expect(parseValue({ kind: 'int', min: 1, max: 5 }, arg('9'), ctx)).toBeNull();
    expect(ctx.heard.map((h) => `${h.code} ${h.message}`)).toEqual(['RWS3103 number `9` is out of range: must be between 1 and 5']);
  });
});
