import { describe, expect, it } from 'vitest';
import { handlerOf, siteDiagnostics } from './harness.ts';

describe('encode', () => {
  it('offers zstd, br and gzip above 512 bytes by default', () => {
    expect(handlerOf('encode')).toEqual({ kind: 'encode', encodings: ['zstd', 'br', 'gzip'], minLength: 512, types: [] });
  });

  it('keeps the order written, on the line or in the block', () => {
    expect(handlerOf('encode gzip zstd')).toMatchObject({ encodings: ['gzip', 'zstd'] });
    expect(handlerOf('encode {\n\tbr\n\tgzip\n}')).toMatchObject({ encodings: ['br', 'gzip'] });
  });

  it('reads minimum_length as a size and match as media types', () => {
    expect(handlerOf('encode gzip {\n\tminimum_length 1KiB\n\tmatch text/* application/json\n\tmatch Image/SVG+XML\n}')).toEqual({
      kind: 'encode',
      encodings: ['gzip'],
      minLength: 1024,
      types: ['text/*', 'application/json', 'image/svg+xml'],
    });
  });

  it('reports an unknown encoding with a suggestion', () => {
    expect(siteDiagnostics('encode gzp')).toEqual(['RWS3113 error `gzp` unknown encoding `gzp`: expected one of `zstd`, `br`, `gzip` | did you mean `gzip`?']);
  });

  it('warns about an encoding given twice', () => {
    expect(siteDiagnostics('encode gzip {\n\tgzip\n}')).toEqual(['RWS3115 warning `gzip` encoding `gzip` is listed twice | remove this one']);
  });

  it('reports an encoding line repeated in the block once, through the binder', () => {
    expect(siteDiagnostics('encode {\n\tgzip\n\tgzip\n}')[0]).toMatch(/^RWS3008 error `gzip` `gzip` is given twice in `encode`/);
    expect(siteDiagnostics('encode {\n\tgzip\n\tgzip\n}')).toHaveLength(1);
  });

  it('reports an invalid size and media type', () => {
    expect(siteDiagnostics('encode {\n\tminimum_length 1K\n}')).toEqual(['RWS3102 error `K` invalid size `1K`: unknown unit `K` | `K` is ambiguous: write `KB` (×1000) or `KiB` (×1024)']);
    expect(siteDiagnostics('encode {\n\tmatch json\n}')).toEqual(['RWS3112 error `json` invalid media type `json`: expected `type/subtype` | e.g. `application/json`, `text/*` or `image/svg+xml`']);
  });
});
