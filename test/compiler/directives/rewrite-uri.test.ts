import { describe, expect, it } from 'vitest';
import { handlerOf, siteDiagnostics, siteOf } from './harness.ts';

describe('rewrite', () => {
  it('rewrites to a template; a leading path with a target is the matcher', () => {
    expect(handlerOf('rewrite * /index.php?{query}')).toEqual({ kind: 'rewrite', to: ['/index.php?', { ph: 'request', field: 'query' }] });
    const site = siteOf('rewrite /docs /docs/');
    expect(site.routes[0].match).toHaveLength(1);
    expect(site.routes[0].handlers).toEqual([{ kind: 'rewrite', to: ['/docs/'] }]);
  });

  it('reports an unknown placeholder in the target', () => {
    expect(siteDiagnostics('rewrite * /x/{nope}')[0]).toMatch(/^RWS4007 error `\{nope\}` /);
  });
});

describe('uri', () => {
  it('strips a prefix, adding the leading slash', () => {
    expect(handlerOf('uri strip_prefix /api')).toEqual({ kind: 'uri', op: { kind: 'strip_prefix', prefix: '/api' } });
    expect(handlerOf('uri strip_prefix api')).toEqual({ kind: 'uri', op: { kind: 'strip_prefix', prefix: '/api' } });
  });

  it('strips a suffix', () => {
    expect(handlerOf('uri strip_suffix .html')).toEqual({ kind: 'uri', op: { kind: 'strip_suffix', suffix: '.html' } });
  });

  it('replaces text with an optional limit (0 = every occurrence)', () => {
    expect(handlerOf('uri replace /old/ /new/')).toEqual({ kind: 'uri', op: { kind: 'replace', find: '/old/', replace: '/new/', limit: 0 } });
    expect(handlerOf('uri replace a b 2')).toEqual({ kind: 'uri', op: { kind: 'replace', find: 'a', replace: 'b', limit: 2 } });
  });

  it('replaces regexp matches', () => {
    expect(handlerOf('uri path_regexp ^/v(\\d+)/ /api/$1/')).toEqual({ kind: 'uri', op: { kind: 'path_regexp', pattern: '^/v(\\d+)/', replace: '/api/$1/' } });
  });

  it('suggests the closest operation for a typo', () => {
    expect(siteDiagnostics('uri strip_prefx /api')).toEqual([
      'RWS3113 error `strip_prefx` unknown `uri` operation `strip_prefx`: expected one of `strip_prefix`, `strip_suffix`, `replace`, `path_regexp` | did you mean `strip_prefix`?',
    ]);
  });

  it('reports missing operation arguments', () => {
    expect(siteDiagnostics('uri replace /old/')).toEqual([
      'RWS3210 error `replace` `uri replace` is missing <replace> | write `uri replace <find> <replace> [<limit>]`',
    ]);
  });

  it('reports extra operation arguments', () => {
    expect(siteDiagnostics('uri strip_prefix /a /b')).toEqual([
      'RWS3210 error `/b` too many arguments for `uri strip_prefix` | write `uri strip_prefix <prefix>`; quote text that contains spaces',
    ]);
  });

  it('reports an invalid regexp and an invalid limit', () => {
    expect(siteDiagnostics('uri path_regexp ^/(a x')).toEqual([
      'RWS3109 error `^/(a` invalid regular expression `^/(a`: Unterminated group | regular expressions use JavaScript syntax; escape a literal `(`, `[` or `{` with a backslash',
    ]);
    expect(siteDiagnostics('uri replace a b -1')).toEqual(['RWS3103 error `-1` number `-1` is out of range: must be at least 0']);
  });
});
