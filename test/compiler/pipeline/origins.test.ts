import { describe, expect, it } from 'vitest';
import { Origins } from '../../../compiler/bind/origin.ts';
import { LineIndex } from '../../../compiler/diagnostics/line-index.ts';

describe('origins', () => {
  const a = { path: '/x/a.rws', text: 'one\n\ttwo three\n\n  four\nfive' };
  const b = { path: '/x/b.rws', text: 'b1\nb2\n' };

  it('gives file:line:col for spans asked in any order, across files', () => {
    const origins = new Origins([a, b]);
    const expected = (file: typeof a, offset: number): string => {
      const { line, column } = new LineIndex(file.text).position(offset);
      return `${file.path}:${line}:${column}`;
    };
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 500; i++) {
      const file = next(3) === 0 ? b : a;
      const offset = next(file.text.length + 3) - 1;
      expect(origins.of({ file: file.path, start: offset, end: offset + 1 })).toBe(expected(file, offset));
    }
    expect(origins.of({ file: a.path, start: 5, end: 8 })).toBe('/x/a.rws:2:2');
    expect(origins.of({ file: a.path, start: 0, end: 1 })).toBe('/x/a.rws:1:1');
    expect(origins.of({ file: a.path, start: a.text.length, end: a.text.length })).toBe('/x/a.rws:5:5');
  });

  it('gives line 0 for a file it does not know', () => {
    expect(new Origins([a]).of({ file: '<stdin>', start: 3, end: 4 })).toBe('<stdin>:0:0');
  });
});
