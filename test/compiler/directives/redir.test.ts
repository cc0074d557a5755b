import { describe, expect, it } from 'vitest';
import { handlerOf, siteDiagnostics, siteOf } from './harness.ts';

describe('redir', () => {
  it('redirects with 302 by default and keeps placeholders', () => {
    expect(handlerOf('redir https://example.com{uri}')).toEqual({ kind: 'redir', to: ['https://example.com', { ph: 'request', field: 'uri' }], status: 302 });
  });

  it('reads numeric codes and the names permanent, temporary and html', () => {
    expect(handlerOf('redir /a /b 308')).toMatchObject({ kind: 'redir', to: ['/b'], status: 308 });
    expect(handlerOf('redir /a /b permanent')).toMatchObject({ status: 301 });
    expect(handlerOf('redir /a /b temporary')).toMatchObject({ status: 302 });
    expect(handlerOf('redir /a /b html')).toMatchObject({ status: 0 });
  });

  it('takes a lone path as the target, and a leading path with a target as the matcher', () => {
    expect(siteOf('redir /new').routes[0]).toMatchObject({ match: [], handlers: [{ kind: 'redir', to: ['/new'] }] });
    expect(siteOf('redir /old /new').routes[0].match).toHaveLength(1);
  });

  it('rejects a status that is not a redirect', () => {
    expect(siteDiagnostics('redir /a /b 304')).toEqual([
      'RWS3201 error `304` `304` is not a redirect status: expected 301, 302, 303, 307, 308, permanent, temporary or html | e.g. `redir /old /new 301`',
    ]);
  });

  it('suggests the closest name for a misspelt code', () => {
    expect(siteDiagnostics('redir /a /b permanant')).toEqual([
      'RWS3201 error `permanant` unknown redirect code `permanant`: expected 301, 302, 303, 307, 308, permanent, temporary or html | did you mean `permanent`?',
    ]);
  });
});
