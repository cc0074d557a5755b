import { describe, expect, it } from 'vitest';
import { FIXTURES, handlerOf, siteDiagnostics } from './harness.ts';

describe('root', () => {
  it('resolves a relative path against the Rwsfile folder', () => {
    expect(handlerOf('root ./public')).toEqual({ kind: 'root', path: [`${FIXTURES}/public`] });
  });

  it('takes a lone absolute path as the root, not as a matcher', () => {
    expect(handlerOf('root /srv/www')).toEqual({ kind: 'root', path: ['/srv/www'] });
  });

  it('keeps placeholders', () => {
    expect(handlerOf('root * /srv/{host}')).toEqual({ kind: 'root', path: ['/srv/', { ph: 'request', field: 'host' }] });
  });
});

describe('vars', () => {
  it('sets one variable on the line or several in a block', () => {
    expect(handlerOf('vars backend 127.0.0.1:3000')).toEqual({ kind: 'vars', vars: { backend: ['127.0.0.1:3000'] } });
    expect(handlerOf('vars {\n\tenv production\n\tclient {remote_ip}\n\tempty ""\n}')).toEqual({
      kind: 'vars',
      vars: { env: ['production'], client: [{ ph: 'request', field: 'remote_ip' }], empty: [''] },
    });
  });

  it('reports an invalid name', () => {
    expect(siteDiagnostics('vars a/b 1')).toEqual(['RWS3230 error `a/b` invalid variable name `a/b`: use letters, digits, `_`, `-` and `.` | e.g. `backend_addr`']);
  });

  it('reports a missing value', () => {
    expect(siteDiagnostics('vars {\n\tenv\n}')).toEqual(['RWS3004 error `env` missing a value for variable `env` | write `env <value>`, or `env ""` for an empty value']);
  });

  it('reports extra values', () => {
    expect(siteDiagnostics('vars {\n\tgreeting hello world\n}')).toEqual(['RWS3003 error `world` too many values for variable `greeting` | quote a value that contains spaces: `"a b"`']);
  });

  it('reports a line and a block together, and neither', () => {
    expect(siteDiagnostics('vars a 1 {\n\tb 2\n}')).toEqual(['RWS3222 error `a` `vars` takes either one variable on its line or a block of them, not both | move `a 1` into the block']);
    expect(siteDiagnostics('vars')).toEqual(['RWS3004 error `vars` `vars` needs a name and a value, or a block | e.g. `vars env production`']);
  });

  it('reports a block on a variable line', () => {
    expect(siteDiagnostics('vars {\n\ta 1 {\n\t}\n}')).toEqual(['RWS3005 error `{` a variable line does not take a block | write `name value` on one line']);
  });
});
