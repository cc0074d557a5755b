import { describe, expect, it } from 'vitest';
import { parseRequestLine } from '../../editors/vscode/src/request-line.ts';

describe('"rws: Explain request" input', () => {
  it('reads a method and a URL, or a URL alone as GET', () => {
    expect(parseRequestLine('POST http://localhost:8080/api')).toEqual({ method: 'POST', url: 'http://localhost:8080/api' });
    expect(parseRequestLine('  delete /items/1 ')).toEqual({ method: 'DELETE', url: '/items/1' });
    expect(parseRequestLine('/health')).toEqual({ method: 'GET', url: '/health' });
  });

  it('refuses empty input and extra words', () => {
    expect(parseRequestLine('')).toBeNull();
    expect(parseRequestLine('GET /a /b')).toBeNull();
  });
});
