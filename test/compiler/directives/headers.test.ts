import { describe, expect, it } from 'vitest';
import { handlerOf, siteDiagnostics } from './harness.ts';

describe('header', () => {
  it('sets, adds, defaults, deletes and replaces response headers', () => {
    expect(handlerOf('header {\n\tX-Frame-Options DENY\n\t+Vary Accept-Encoding\n\t?Cache-Control no-cache\n\t-Server\n\t-X-Debug-*\n\tLocation ^http:// https://\n}')).toEqual({
      kind: 'headers',
      request: [],
      response: [
        { op: 'set', name: 'x-frame-options', value: ['DENY'] },
        { op: 'add', name: 'vary', value: ['Accept-Encoding'] },
        { op: 'default', name: 'cache-control', value: ['no-cache'] },
        { op: 'delete', name: 'server' },
        { op: 'delete', name: 'x-debug-*' },
        { op: 'replace', name: 'location', pattern: '^http://', replace: ['https://'] },
      ],
    });
  });

  it('takes one operation on its line, with placeholders in the value', () => {
    expect(handlerOf('header X-Host {host}')).toEqual({ kind: 'headers', request: [], response: [{ op: 'set', name: 'x-host', value: [{ ph: 'request', field: 'host' }] }] });
  });

  it('reports a missing value', () => {
    expect(siteDiagnostics('header X-Frame-Options')).toEqual(['RWS3220 error `X-Frame-Options` missing a value for header `X-Frame-Options` | write `X-Frame-Options <value>`, or `-X-Frame-Options` to delete it']);
    expect(siteDiagnostics('header +Vary')).toEqual(['RWS3220 error `+Vary` missing a value for header `Vary` | write `+Vary <value>`']);
  });

  it('reports a value on a delete', () => {
    expect(siteDiagnostics('header -Server rws')).toEqual(['RWS3221 error `rws` `-Server` deletes the header and takes no value | to set it instead, write `Server rws`']);
  });

  it('reports two values on an add', () => {
    expect(siteDiagnostics('header +Vary a b')).toEqual([
      'RWS3221 error `b` adding a header (`+Vary`) takes one value | quote a value that contains spaces: `"a b"`; to replace text in a value write `Field find replace` without a prefix',
    ]);
  });

  it('reports too many values in a block line', () => {
    expect(siteDiagnostics('header {\n\tX-A one two three\n}')).toEqual([
      'RWS3221 error `three` too many values for header `X-A`: expected a value, or a pattern and its replacement | quote a value that contains spaces: `"a b"`',
    ]);
  });

  it('reports an invalid field name at the bad character', () => {
    expect(siteDiagnostics('header X-Foo: bar')).toEqual(['RWS3111 error `:` invalid header field name `X-Foo:`: `:` is not allowed | write the name without a colon: `Name value`']);
  });

  it('reports an invalid replace pattern', () => {
    expect(siteDiagnostics('header Location ( x')).toEqual([
      'RWS3109 error `(` invalid regular expression `(`: Unterminated group | regular expressions use JavaScript syntax; escape a literal `(`, `[` or `{` with a backslash',
    ]);
  });

  it('reports a line and a block together', () => {
    expect(siteDiagnostics('header X-A b {\n\tX-C d\n}')).toEqual(['RWS3222 error `X-A` `header` takes either one header on its line or a block of them, not both | move `X-A b` into the block']);
  });

  it('reports neither a line nor a block', () => {
    expect(siteDiagnostics('header')).toEqual(['RWS3004 error `header` `header` needs a header field or a block | e.g. `header X-Frame-Options DENY`']);
  });

  it('reports a block on a header line', () => {
    expect(siteDiagnostics('header {\n\tX-A b {\n\t}\n}')).toEqual(['RWS3005 error `{` a header line does not take a block | write `Field value` on one line']);
  });
});

describe('request_header', () => {
  it('puts its operations on the request side', () => {
    expect(handlerOf('request_header {\n\t?X-Request-Id {request_id}\n\t-X-Forwarded-*\n}')).toEqual({
      kind: 'headers',
      request: [
        { op: 'default', name: 'x-request-id', value: [{ ph: 'request', field: 'request_id' }] },
        { op: 'delete', name: 'x-forwarded-*' },
      ],
      response: [],
    });
  });

  it('reports the same errors as header', () => {
    expect(siteDiagnostics('request_header -Cookie x')).toEqual(['RWS3221 error `x` `-Cookie` deletes the header and takes no value | to set it instead, write `Cookie x`']);
  });
});
