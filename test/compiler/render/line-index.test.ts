import { describe, expect, it } from 'vitest';
import { LineIndex, lineIndexOf } from '../../../compiler/diagnostics/line-index.ts';

describe('LineIndex', () => {
  const index = new LineIndex('ab\r\ncd\n\nlast');

  it('maps offsets to 1-based line and UTF-16 column and back', () => {
    const cases: [number, string][] = [
      [0, '1:1'],
      [2, '1:3'],
      [4, '2:1'],
      [6, '2:3'],
      [7, '3:1'],
      [8, '4:1'],
      [12, '4:5'],
    ];
    for (const [offset, pos] of cases) {
      const { line, column } = index.position(offset);
      expect(`${line}:${column}`).toBe(pos);
      expect(index.offset(line, column)).toBe(offset);
    }
  });

  it('clamps offsets and positions outside the text', () => {
    expect(index.position(-5)).toEqual({ line: 1, column: 1 });
    expect(index.position(999)).toEqual({ line: 4, column: 5 });
    expect(index.offset(99, 1)).toBe(8);
    expect(index.offset(1, 99)).toBe(2);
  });

  it('gives line texts without their line endings', () => {
    expect([1, 2, 3, 4].map((l) => index.lineText(l))).toEqual(['ab', 'cd', '', 'last']);
    expect(index.lineCount).toBe(4);
    expect(new LineIndex('').lineText(1)).toBe('');
  });

  it('is built once per source file', () => {
    const file = { path: 'f', text: 'x\ny' };
    expect(lineIndexOf(file)).toBe(lineIndexOf(file));
    expect(lineIndexOf(file).position(2)).toEqual({ line: 2, column: 1 });
  });
});
