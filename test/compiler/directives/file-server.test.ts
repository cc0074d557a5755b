import { describe, expect, it } from 'vitest';
import { FIXTURES, handlerOf, siteDiagnostics, siteOf } from './harness.ts';

describe('file_server', () => {
  it('has defaults for everything', () => {
    expect(handlerOf('file_server')).toEqual({
      kind: 'file_server',
      root: null,
      index: ['index.html', 'index.htm'],
      browse: false,
      precompressed: [],
      hide: [],
      passThru: false,
      status: null,
    });
  });

  it('reads browse on the line and every subdirective', () => {
    expect(handlerOf('file_server browse')).toMatchObject({ browse: true });
    expect(handlerOf('file_server {\n\troot ./site\n\tindex default.htm\n\tbrowse\n\tprecompressed gzip br\n\thide *.map\n\thide /etc/*\n\tpass_thru\n\tstatus 404\n}')).toEqual({
      kind: 'file_server',
      root: [`${FIXTURES}/site`],
      index: ['default.htm'],
      browse: true,
      precompressed: ['gzip', 'br'],
      hide: ['*.map', '/etc/*'],
      passThru: true,
      status: 404,
    });
  });

  it('takes a leading path as the matcher', () => {
    const site = siteOf('file_server /static/*');
    expect(site.routes[0].match).toHaveLength(1);
  });

  it('looks for all three precompressed formats when none is listed', () => {
    expect(handlerOf('file_server {\n\tprecompressed\n}')).toMatchObject({ precompressed: ['br', 'zstd', 'gzip'] });
  });

  it('reports an unknown precompressed format', () => {
    expect(siteDiagnostics('file_server {\n\tprecompressed brotli\n}')).toEqual([
      'RWS3113 error `brotli` unknown precompressed format `brotli`: expected one of `br`, `zstd`, `gzip`',
    ]);
  });

  it('warns about a format listed twice and keeps one', () => {
    expect(siteDiagnostics('file_server {\n\tprecompressed br br\n}')).toEqual(['RWS3115 warning `br` format `br` is listed twice | remove this one']);
  });

  it('reports an unknown word on the line', () => {
    expect(siteDiagnostics('file_server brwose')).toEqual([
      'RWS3113 error `brwose` unknown file_server option `brwose`: expected one of `browse` | did you mean `browse`?',
    ]);
  });

  it('reports an invalid status', () => {
    expect(siteDiagnostics('file_server {\n\tstatus 4040\n}')).toEqual(['RWS3104 error `4040` invalid status code `4040`: must be between 100 and 599 | e.g. `200`, `404` or `503`']);
  });

  it('reports an unknown subdirective through the binder', () => {
    expect(siteDiagnostics('file_server {\n\tindx index.html\n}')[0]).toMatch(/^RWS3007 error `indx` unknown subdirective `indx` in `file_server` \| did you mean `index`\?/);
  });
});

describe('try_files', () => {
  it('lists candidates and a status fallback', () => {
    expect(handlerOf('try_files {path} {path}/ /index.html =404')).toEqual({
      kind: 'try_files',
      root: null,
      candidates: [[{ ph: 'request', field: 'path' }], [{ ph: 'request', field: 'path' }, '/'], ['/index.html']],
      fallback: { kind: 'status', status: 404 },
    });
  });

  it('has no fallback by default', () => {
    expect(handlerOf('try_files {path} /index.html')).toMatchObject({ fallback: null });
  });

  it('reports a fallback that is not last', () => {
    expect(siteDiagnostics('try_files =404 {path}')).toEqual(['RWS3240 error `=404` the status fallback `=404` must be the last candidate | move it to the end of the line']);
  });

  it('reports a fallback without a file', () => {
    expect(siteDiagnostics('try_files =404')).toEqual(['RWS3240 error `=404` `try_files` needs at least one file candidate before the status fallback | e.g. `try_files {path} =404`']);
  });

  it('reports an invalid fallback status, pointing after the =', () => {
    expect(siteDiagnostics('try_files {path} =44')).toEqual(['RWS3104 error `44` invalid status code `44`: must be between 100 and 599 | e.g. `200`, `404` or `503`']);
  });
});
