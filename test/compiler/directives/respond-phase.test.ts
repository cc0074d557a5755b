import { describe, expect, it } from 'vitest';
import { handlerOf, siteDiagnostics, siteOf } from './harness.ts';

describe('error', () => {
  it('raises a status with an optional message', () => {
    expect(handlerOf('error 503')).toEqual({ kind: 'error', status: 503, message: [] });
    expect(handlerOf('error "no {path} here" 404')).toEqual({ kind: 'error', status: 404, message: ['no ', { ph: 'request', field: 'path' }, ' here'] });
  });

  it('takes a leading path with a status as the matcher', () => {
    expect(siteOf('error /private/* 403').routes[0]).toMatchObject({ match: [expect.any(Number)], handlers: [{ kind: 'error', status: 403 }] });
  });

  it('reports a status that is not an error', () => {
    expect(siteDiagnostics('error 204')).toEqual(['RWS3280 error `204` `error` needs an error status (400 to 599), not 204 | to answer with 204, use `respond` (or `redir` for 3xx)']);
  });

  it('reports a message without a status', () => {
    expect(siteDiagnostics('error "gone"')).toEqual(['RWS3104 error `"gone"` invalid status code `gone`: expected a number from 100 to 599 | e.g. `200`, `404` or `503`']);
  });
});

describe('abort', () => {
  it('drops the connection', () => {
    expect(handlerOf('abort')).toEqual({ kind: 'abort' });
    expect(siteOf('abort /wp-admin/*').routes[0].match).toHaveLength(1);
  });
});

describe('request_body', () => {
  it('limits the body in bytes', () => {
    expect(handlerOf('request_body {\n\tmax_size 10MB\n}')).toEqual({ kind: 'request_body', maxBytes: 10_000_000 });
    expect(handlerOf('request_body /upload/* {\n\tmax_size 1GiB\n}')).toEqual({ kind: 'request_body', maxBytes: 2 ** 30 });
  });

  it('reports a block without max_size', () => {
    expect(siteDiagnostics('request_body {\n}')).toEqual(['RWS3004 error `request_body` `request_body` needs `max_size` | add a line `max_size 10MB` to the block']);
  });

  it('reports a missing block through the binder', () => {
    expect(siteDiagnostics('request_body')[0]).toMatch(/^RWS3006 error `request_body` `request_body` needs a block/);
  });

  it('reports a max_size with extra words once, through the binder', () => {
    expect(siteDiagnostics('request_body {\n\tmax_size 10 MB\n}')).toEqual([
      'RWS3003 error `MB` too many arguments: `max_size` takes at most 1 argument, got 2 | syntax: `max_size <size>`',
    ]);
  });

  it('reports an invalid size', () => {
    expect(siteDiagnostics('request_body {\n\tmax_size lots\n}')).toEqual([
      'RWS3102 error `lots` invalid size `lots` | write a number of bytes with an optional unit, e.g. `512`, `64KB` or `10MiB`',
    ]);
  });
});
